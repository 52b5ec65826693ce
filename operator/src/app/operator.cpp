#include "app/operator.h"

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "app/controllers.h"
#include "app/heap_trimmer.h"
#include "app/informers.h"
#include "config/load_config.h"
#include "controller/event_recorder.h"
#include "controller/leader_election.h"
#include "http/cpprest_transport.h"
#include "kube/rest_client.h"
#include "metrics/health_server.h"
#include "metrics/metrics_server.h"

namespace gpupool::app {
namespace {

// Construction order is teardown order reversed: servers outlive controllers.
struct Runtime {
  config::RestConfig cfg;
  std::unique_ptr<kube::RestClient> client;
  metrics::Metrics metrics;
  std::unique_ptr<metrics::MetricsServer> metrics_server;
  std::unique_ptr<metrics::HealthServer> health;
  std::unique_ptr<Informers> informers;
  std::unique_ptr<controller::EventRecorder> recorder;
  std::unique_ptr<Controllers> controllers;
};

Status build_client(const Options& o, Runtime& rt) {
  config::LoadOptions lo;
  lo.kubeconfig = o.kubeconfig;
  lo.context = o.context;
  auto cfg = config::load_config(lo);
  if (!cfg) return cfg.error().with_context("loading client configuration");
  rt.cfg = std::move(*cfg);
  rt.cfg.transport.qps = o.kube_api_qps;
  rt.cfg.transport.burst = o.kube_api_burst;
  auto transport = http::make_cpprest_transport(rt.cfg.transport);
  if (!transport) return transport.error().with_context("building HTTP transport");
  rt.client = std::make_unique<kube::RestClient>(std::shared_ptr<http::Transport>(std::move(*transport)));
  log::info("client configured", {{"source", rt.cfg.source}, {"server", http::describe(rt.cfg.transport)}});
  return ok();
}

Status start_servers(const Options& o, Runtime& rt) {
  // parse_options already validated both addresses.
  if (auto addr = *metrics::parse_bind_address(o.metrics_bind_address)) {
    auto s = metrics::MetricsServer::start(*addr, rt.metrics);
    if (!s) return s.error();
    rt.metrics_server = std::move(*s);
    log::info("serving metrics", {{"path", "/metrics"}, {"port", std::to_string(rt.metrics_server->port())}});
  }
  if (auto addr = *metrics::parse_bind_address(o.health_probe_bind_address)) {
    auto s = metrics::HealthServer::start(*addr);
    if (!s) return s.error();
    rt.health = std::move(*s);
    log::info("serving health probes", {{"port", std::to_string(rt.health->port())}});
  }
  return ok();
}

void build_controllers(const Options& o, Runtime& rt, Clock& clock) {
  rt.informers = std::make_unique<Informers>(*rt.client, clock, o.watch_namespace, rt.metrics);
  controller::EventRecorderOptions eo;
  eo.host = controller::default_identity().substr(0, controller::default_identity().find('_'));
  rt.recorder = std::make_unique<controller::EventRecorder>(*rt.client, clock, eo);
  auto* rec = rt.recorder.get();
  api::EventFn events = [rec](const api::ObjectReference& o, const std::string& t, const std::string& r,
                              const std::string& m) { rec->record(o, t, r, m); };
  rt.controllers = std::make_unique<Controllers>(o, *rt.client, clock, *rt.informers, events, rt.metrics);
  if (rt.health) {
    rt.health->add_healthz_check("ping", [] { return true; });
    rt.health->add_readyz_check("informers-synced", [inf = rt.informers.get()] { return inf->synced(); });
  }
}

void wait_for(std::stop_token st) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  cv.wait(lock, st, [] { return false; });
}

// If teardown hangs (a stuck socket), exit anyway so SIGTERM always ends us.
void arm_watchdog(std::chrono::milliseconds grace, int code) {
  std::thread([grace, code] {
    std::this_thread::sleep_for(grace + std::chrono::seconds(15));
    log::error("shutdown took too long, exiting", {});
    std::_Exit(code);
  }).detach();
}

std::string lease_namespace(const Options& o, const config::RestConfig& cfg) {
  if (!o.leader_election_namespace.empty()) return o.leader_election_namespace;
  return cfg.source == "in-cluster" ? cfg.default_namespace : "default";
}

}  // namespace

namespace {

controller::LeaderElectionConfig election_config(const Options& o, Runtime& rt) {
  controller::LeaderElectionConfig c;
  c.ns = lease_namespace(o, rt.cfg);
  c.name = o.leader_election_id;
  c.identity = controller::default_identity();
  c.lease_duration = o.lease_duration;
  c.renew_deadline = o.renew_deadline;
  c.retry_period = o.retry_period;
  c.release_on_cancel = true;
  c.on_started_leading = [&rt, id = c.identity, name = c.name] {
    log::info("became leader, starting controllers", {{"identity", id}, {"lease", name}});
    rt.metrics.set_leader(name, true);
    rt.controllers->start();
  };
  c.on_new_leader = [](const std::string& holder) { log::info("observed leader", {{"identity", holder}}); };
  return c;
}

// Runs the elector on its own thread until shutdown; a lost lease exits the
// process at once (another replica may already be acting), as controller-runtime does.
int run_elected(const Options& o, Runtime& rt, Clock& clock, std::stop_source& shutdown) {
  auto elector = controller::LeaderElector::create(*rt.client, clock, election_config(o, rt));
  if (!elector) {
    log::error("invalid leader election settings", {{"error", elector.error().describe()}});
    return 1;
  }
  rt.metrics.set_leader(o.leader_election_id, false);
  std::jthread le([&](std::stop_token st) {
    if ((*elector)->run(st) == controller::LeaderElectionEnd::Lost) {
      log::error("leader election lost", {{"lease", o.leader_election_id}});
      std::_Exit(1);
    }
  });
  wait_for(shutdown.get_token());
  arm_watchdog(o.graceful_shutdown_timeout, 0);
  bool drained = rt.controllers->stop();
  le.request_stop();  // releases the lease if we hold it
  le.join();
  rt.metrics.set_leader(o.leader_election_id, false);
  log::info("leader election stopped", {{"drained", drained ? "true" : "false"}});
  return drained ? 0 : -1;
}

int run_unelected(const Options& o, Runtime& rt, std::stop_source& shutdown) {
  rt.controllers->start();
  wait_for(shutdown.get_token());
  arm_watchdog(o.graceful_shutdown_timeout, 0);
  return rt.controllers->stop() ? 0 : -1;
}

}  // namespace

int run_operator(const Options& o, std::stop_source& shutdown) {
  auto rt = std::make_unique<Runtime>();
  Clock& clock = SystemClock::instance();
  if (auto st = build_client(o, *rt); !st) {
    log::error("invalid client configuration", {{"error", st.error().message}});
    return 1;
  }
  if (auto st = start_servers(o, *rt); !st) {
    log::error("cannot start servers", {{"error", st.error().message}});
    return 1;
  }
  build_controllers(o, *rt, clock);
  rt->informers->start();
  rt->recorder->start();
  HeapTrimmer trimmer(std::chrono::seconds(5), std::chrono::minutes(1));
  log::info("waiting for caches to sync", {{"namespace", o.watch_namespace.empty() ? "(all)" : o.watch_namespace}});
  auto t0 = clock.now();
  if (!rt->informers->wait_for_sync(shutdown.get_token(), std::chrono::minutes(2))) {
    if (shutdown.stop_requested()) return 0;
    log::error("caches did not sync within 2m", {});
    return 1;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - t0).count();
  log::info("caches synced", {{"durationMs", std::to_string(ms)},
                              {"gpupools", std::to_string(rt->informers->pools.cache().size())}});
  int code = o.leader_elect ? run_elected(o, *rt, clock, shutdown) : run_unelected(o, *rt, shutdown);
  rt->recorder->wait_idle(std::chrono::seconds(2));
  if (code < 0) {  // workers still busy: the reconcilers must not be destroyed under them
    log::warn("in-flight reconciles did not finish in time; exiting", {});
    std::fflush(stderr);
    std::_Exit(0);
  }
  rt->recorder->stop();
  rt->informers->stop();
  log::info("shutdown complete", {});
  return code;
}

}  // namespace gpupool::app
