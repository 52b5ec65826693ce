#include "app/controllers.h"

#include "app/metrics_adapters.h"

namespace gpupool::app {
namespace {

controller::ControllerOptions controller_options(const Options& o, const char* name, metrics::Metrics& m) {
  controller::ControllerOptions c;
  c.name = name;
  c.workers = o.concurrency;
  c.drain_timeout = o.graceful_shutdown_timeout;
  c.metrics = controller_metrics(m);
  m.set_max_concurrent_reconciles(name, o.concurrency);
  return c;
}

template <typename T>
controller::ObjectKey key_of(const T& obj) {
  return {obj.metadata.ns, obj.metadata.name};
}

}  // namespace

Controllers::Controllers(const Options& opts, kube::Client& client, Clock& clock, Informers& informers,
                         api::EventFn events, metrics::Metrics& metrics)
    : informers_(informers),
      metrics_(metrics),
      cloud_observer_(metrics),
      providers_(client, clock, cloud_observer_, &informers.secrets.cache()),
      pool_providers_(providers_),
      cc_queue_(clock, nullptr, queue_metrics(metrics, controller::kCloudClusterController)),
      pool_queue_(clock, nullptr, queue_metrics(metrics, controller::kGPUPoolController)),
      cc_reconciler_(informers.clusters.cache(), informers.secrets.cache(), client, events, clock, &metrics,
                    &providers_, &informers.pools.cache(), [&informers] { return informers.pools.has_synced(); }),
      pool_reconciler_(informers.pools.cache(), informers.clusters.cache(), client, pool_providers_, events, clock,
                       &metrics.gpupools(), opts.steady_resync),
      cc_controller_(controller_options(opts, controller::kCloudClusterController, metrics), cc_reconciler_, cc_queue_,
                     clock),
      pool_controller_(controller_options(opts, controller::kGPUPoolController, metrics), pool_reconciler_,
                       pool_queue_, clock) {
  wire_cloudclusters();
  wire_gpupools();
  metrics.set_controllers_active(false);
}

void Controllers::wire_cloudclusters() {
  informers_.clusters.add_index(controller::kSecretIndex, controller::secret_index_values);
  auto enqueue = [this](const auto& c) { cc_controller_.enqueue(key_of(*c)); };
  informers_.clusters.add_handlers({enqueue, [enqueue](const auto&, const auto& n) { enqueue(n); }, enqueue});
  // A Secret event wakes the clusters that reference it; values never leave the informer.
  auto wake = [this](const auto& s) {
    for (const auto& k : controller::clusters_for_secret(informers_.clusters.cache(), s->metadata.key()))
      cc_controller_.enqueue(k);
  };
  informers_.secrets.add_handlers({wake, [wake](const auto&, const auto& n) { wake(n); }, wake});
  // A GPUPool gone for good may leave pools behind (deletionPolicy Retain):
  // re-list the clusters it used so the orphan report comes now, not at the
  // next 5-minute recheck.
  auto gone = [this](const auto& p) {
    for (const auto& c : controller::cluster_ref_values(*p)) cc_controller_.enqueue(controller::ObjectKey::parse(c));
  };
  informers_.pools.add_handlers({nullptr, nullptr, gone});
}

void Controllers::wire_gpupools() {
  // A GPUPool that found a cluster claimed by another GPUPool's operation is
  // woken when that operation ends.
  pool_reconciler_.set_wake(
      [this](const std::string& key) { pool_controller_.enqueue(controller::ObjectKey::parse(key)); });
  auto enqueue = [this](const auto& p) { pool_controller_.enqueue(key_of(*p)); };
  auto update = [this](const auto& o, const auto& n) {
    if (controller::pool_needs_reconcile(o.get(), *n)) pool_controller_.enqueue(key_of(*n));
  };
  informers_.pools.add_handlers({enqueue, update, enqueue});
  // A CloudCluster change (Ready flips, deleted) wakes the pools using it.
  informers_.pools.add_index(controller::kClusterRefIndex, controller::cluster_ref_values);
  auto wake = [this](const auto& c) {
    for (const auto& k : controller::pools_for_cluster(informers_.pools.cache(), c->metadata.key()))
      pool_controller_.enqueue(k);
  };
  informers_.clusters.add_handlers({wake, [wake](const auto&, const auto& n) { wake(n); }, wake});
}

void Controllers::start() {
  if (started_) return;
  started_ = true;
  for (const auto& c : informers_.clusters.cache().list()) cc_controller_.enqueue(key_of(*c));
  for (const auto& p : informers_.pools.cache().list()) pool_controller_.enqueue(key_of(*p));
  cc_controller_.start();
  pool_controller_.start();
  metrics_.set_controllers_active(true);
}

bool Controllers::stop() {
  if (!started_) return true;
  // Both drain concurrently so the bound is one timeout, not two.
  bool pools_ok = true;
  std::thread t([&] { pools_ok = pool_controller_.stop(); });
  bool cc_ok = cc_controller_.stop();
  t.join();
  metrics_.set_controllers_active(false);
  return cc_ok && pools_ok;
}

}  // namespace gpupool::app
