#include "metrics/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <map>
#include <mutex>

#include "metrics/gpupool_metrics.h"
#include "metrics/process_collector.h"

namespace gpupool::metrics {
namespace {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;
using prometheus::Histogram;

// controller-runtime's reconcile_time_seconds buckets (§12.4).
const Histogram::BucketBoundaries& reconcile_buckets() {
  static const Histogram::BucketBoundaries b{0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35,
                                             0.4,   0.45, 0.5,   0.6,  0.7, 0.8,  0.9, 1.0,  1.25, 1.5,
                                             1.75,  2.0,  2.5,   3.0,  3.5, 4.0,  4.5, 5,    6,    7,
                                             8,     9,    10,    15,   20,  25,   30,  40,   50,   60};
  return b;
}

// client-go workqueue buckets: 1e-8 * 10^n, 12 buckets.
const Histogram::BucketBoundaries& queue_buckets() {
  static const Histogram::BucketBoundaries b = [] {
    Histogram::BucketBoundaries v;
    double x = 1e-8;
    for (int i = 0; i < 12; ++i, x *= 10) v.push_back(x);
    return v;
  }();
  return b;
}

template <typename B>
auto& family(B builder, prometheus::Registry& r, const char* name, const char* help) {
  return builder.Name(name).Help(help).Register(r);
}

}  // namespace

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> reg = std::make_shared<prometheus::Registry>();
  prometheus::Registry& r = *reg;
  // controller-runtime
  Family<Counter>& reconcile_total = family(prometheus::BuildCounter(), r, "controller_runtime_reconcile_total",
                                            "Total number of reconciliations per controller");
  Family<Counter>& reconcile_errors = family(prometheus::BuildCounter(), r, "controller_runtime_reconcile_errors_total",
                                             "Total number of reconciliation errors per controller");
  Family<Counter>& reconcile_panics = family(prometheus::BuildCounter(), r, "controller_runtime_reconcile_panics_total",
                                             "Total number of reconciliation panics per controller");
  Family<Histogram>& reconcile_time = family(prometheus::BuildHistogram(), r, "controller_runtime_reconcile_time_seconds",
                                             "Length of time per reconciliation per controller");
  Family<Gauge>& max_concurrent = family(prometheus::BuildGauge(), r, "controller_runtime_max_concurrent_reconciles",
                                         "Maximum number of concurrent reconciles per controller");
  Family<Gauge>& active_workers = family(prometheus::BuildGauge(), r, "controller_runtime_active_workers",
                                         "Number of currently used workers per controller");
  // workqueue
  Family<Gauge>& depth = family(prometheus::BuildGauge(), r, "workqueue_depth", "Current depth of workqueue");
  Family<Counter>& adds = family(prometheus::BuildCounter(), r, "workqueue_adds_total",
                                 "Total number of adds handled by workqueue");
  Family<Histogram>& queue_duration = family(prometheus::BuildHistogram(), r, "workqueue_queue_duration_seconds",
                                             "How long in seconds an item stays in workqueue before being requested");
  Family<Histogram>& work_duration = family(prometheus::BuildHistogram(), r, "workqueue_work_duration_seconds",
                                            "How long in seconds processing an item from workqueue takes");
  Family<Counter>& retries = family(prometheus::BuildCounter(), r, "workqueue_retries_total",
                                    "Total number of retries handled by workqueue");
  // leader election, client
  Family<Gauge>& leader = family(prometheus::BuildGauge(), r, "leader_election_master_status",
                                 "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master");
  Family<Counter>& slowpath = family(prometheus::BuildCounter(), r, "leader_election_slowpath_total",
                                     "Total number of slow path exercised in renewing leader leases");
  Family<Counter>& rest = family(prometheus::BuildCounter(), r, "rest_client_requests_total",
                                 "Number of HTTP requests, partitioned by status code and method");
  // gpupool
  Family<Gauge>& cc_ready = family(prometheus::BuildGauge(), r, "gpupool_cloudcluster_ready",
                                   "1 if the CloudCluster's Ready condition is True, else 0");
  Family<Gauge>& synced = family(prometheus::BuildGauge(), r, "gpupool_informer_synced",
                                 "1 once the informer's initial list has been delivered");
  Family<Gauge>& cached = family(prometheus::BuildGauge(), r, "gpupool_cache_objects",
                                 "Objects held in the informer cache");
  Family<Gauge>& active = family(prometheus::BuildGauge(), r, "gpupool_controllers_active",
                                 "1 while this replica runs the controllers (leader or no leader election)");

  Family<Counter>& cloud_requests = family(prometheus::BuildCounter(), r, "gpupool_cloud_requests_total",
                                          "Cloud API calls by provider, operation and outcome");
  Family<Histogram>& cloud_duration = family(prometheus::BuildHistogram(), r, "gpupool_cloud_request_duration_seconds",
                                             "Duration of cloud API calls by provider and operation");

  GPUPoolMetrics gpupools{r};

  std::mutex mu;  // guards cc_series
  std::map<std::string, Gauge*> cc_series;  // "ns/name" -> series (its provider label may change)

  // Registry cannot hold custom collectables in prometheus-cpp 1.0; exposed beside it.
  std::shared_ptr<ProcessCollector> process = std::make_shared<ProcessCollector>();
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::observe_reconcile(const std::string& controller, std::string_view result, double seconds) {
  impl_->reconcile_total.Add({{"controller", controller}, {"result", std::string(result)}}).Increment();
  if (result == "error") impl_->reconcile_errors.Add({{"controller", controller}}).Increment();
  impl_->reconcile_time.Add({{"controller", controller}}, reconcile_buckets()).Observe(seconds);
}

void Metrics::inc_reconcile_panics(const std::string& controller) {
  impl_->reconcile_panics.Add({{"controller", controller}}).Increment();
}

void Metrics::set_max_concurrent_reconciles(const std::string& controller, int n) {
  impl_->max_concurrent.Add({{"controller", controller}}).Set(n);
}

void Metrics::set_active_workers(const std::string& controller, int n) {
  impl_->active_workers.Add({{"controller", controller}}).Set(n);
}

// controller-runtime labels workqueue series with both name and controller,
// which are the same string for controller queues.
void Metrics::set_queue_depth(const std::string& name, long long depth) {
  impl_->depth.Add({{"name", name}, {"controller", name}}).Set(static_cast<double>(depth));
}
void Metrics::inc_queue_adds(const std::string& name) {
  impl_->adds.Add({{"name", name}, {"controller", name}}).Increment();
}
void Metrics::observe_queue_duration(const std::string& name, double seconds) {
  impl_->queue_duration.Add({{"name", name}, {"controller", name}}, queue_buckets()).Observe(seconds);
}
void Metrics::observe_work_duration(const std::string& name, double seconds) {
  impl_->work_duration.Add({{"name", name}, {"controller", name}}, queue_buckets()).Observe(seconds);
}
void Metrics::inc_queue_retries(const std::string& name) {
  impl_->retries.Add({{"name", name}, {"controller", name}}).Increment();
}

void Metrics::set_leader(const std::string& lease_name, bool leading) {
  impl_->leader.Add({{"name", lease_name}}).Set(leading ? 1 : 0);
}
void Metrics::inc_leader_slowpath(const std::string& lease_name) {
  impl_->slowpath.Add({{"name", lease_name}}).Increment();
}

void Metrics::inc_rest_request(std::string_view method, int code) {
  impl_->rest.Add({{"method", std::string(method)}, {"code", std::to_string(code)}}).Increment();
}

void Metrics::set_cloudcluster_ready(const std::string& ns, const std::string& name, const std::string& provider,
                                     bool ready) {
  std::lock_guard lock(impl_->mu);
  auto& slot = impl_->cc_series[ns + "/" + name];
  Gauge& g = impl_->cc_ready.Add({{"namespace", ns}, {"name", name}, {"provider", provider}});
  if (slot && slot != &g) impl_->cc_ready.Remove(slot);  // provider changed: drop the stale series
  slot = &g;
  g.Set(ready ? 1 : 0);
}

void Metrics::forget_cloudcluster(const std::string& ns, const std::string& name) {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->cc_series.find(ns + "/" + name);
  if (it == impl_->cc_series.end()) return;
  impl_->cc_ready.Remove(it->second);
  impl_->cc_series.erase(it);
}

void Metrics::observe_cloud_request(std::string_view provider, std::string_view operation, std::string_view outcome,
                                    double seconds) {
  const std::string p(provider), op(operation);
  impl_->cloud_requests.Add({{"provider", p}, {"operation", op}, {"outcome", std::string(outcome)}}).Increment();
  impl_->cloud_duration.Add({{"provider", p}, {"operation", op}}, reconcile_buckets()).Observe(seconds);
}

void Metrics::set_informer_synced(const std::string& resource, bool s) {
  impl_->synced.Add({{"resource", resource}}).Set(s ? 1 : 0);
}
void Metrics::set_cached_objects(const std::string& resource, long long n) {
  impl_->cached.Add({{"resource", resource}}).Set(static_cast<double>(n));
}
void Metrics::set_controllers_active(bool a) { impl_->active.Add({}).Set(a ? 1 : 0); }

GPUPoolMetrics& Metrics::gpupools() { return impl_->gpupools; }

std::string Metrics::scrape() const {
  auto families = impl_->reg->Collect();
  for (auto& f : impl_->process->Collect()) families.push_back(std::move(f));
  return prometheus::TextSerializer().Serialize(families);
}

std::vector<std::shared_ptr<prometheus::Collectable>> Metrics::collectables() const {
  return {impl_->reg, impl_->process};
}

}  // namespace gpupool::metrics
