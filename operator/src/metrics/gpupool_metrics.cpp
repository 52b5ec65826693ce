#include "metrics/gpupool_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace gpupool::metrics {
namespace {
using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;

template <typename B>
auto& family(B builder, prometheus::Registry& r, const char* name, const char* help) {
  return builder.Name(name).Help(help).Register(r);
}
}  // namespace

struct GPUPoolMetrics::Families {
  explicit Families(prometheus::Registry& r)
      : desired(family(prometheus::BuildGauge(), r, "gpupool_desired_gpus", "GPUs the GPUPool asks for (spec.gpus)")),
        ready(family(prometheus::BuildGauge(), r, "gpupool_ready_gpus", "Ready GPUs over the GPUPool's targets")),
        targets(family(prometheus::BuildGauge(), r, "gpupool_targets",
                       "GPUPool targets by provider and state, over all GPUPools")),
        nodes(family(prometheus::BuildGauge(), r, "gpupool_target_nodes",
                     "Node counts the operator asks each provider for, over all GPUPools")),
        target_ready(family(prometheus::BuildGauge(), r, "gpupool_target_ready_gpus",
                            "Ready GPUs per provider, over all GPUPools")),
        changes(family(prometheus::BuildCounter(), r, "gpupool_nodepool_changes_total",
                       "Node-pool changes started (create, resize, delete, autoscaling) by provider")),
        failovers(family(prometheus::BuildCounter(), r, "gpupool_failovers_total",
                         "Targets put into backoff (stockout, quota, provisioning timeout, hard errors)")) {}
  Family<Gauge>& desired;
  Family<Gauge>& ready;
  Family<Gauge>& targets;
  Family<Gauge>& nodes;
  Family<Gauge>& target_ready;
  Family<Counter>& changes;
  Family<Counter>& failovers;
};

GPUPoolMetrics::GPUPoolMetrics(prometheus::Registry& registry) : f_(std::make_unique<Families>(registry)) {}
GPUPoolMetrics::~GPUPoolMetrics() = default;

void GPUPoolMetrics::apply(const std::vector<TargetSample>& targets, double sign) {
  for (const auto& t : targets) {
    f_->targets.Add({{"provider", t.provider}, {"state", t.state}}).Increment(sign);
    f_->nodes.Add({{"provider", t.provider}}).Increment(sign * t.nodes);
    f_->target_ready.Add({{"provider", t.provider}}).Increment(sign * t.ready_gpus);
  }
}

void GPUPoolMetrics::record(const PoolSample& s) {
  std::lock_guard lock(mu_);
  auto& slot = recorded_[s.ns + "/" + s.name];
  apply(slot.targets, -1);
  apply(s.targets, +1);
  slot = s;
  f_->desired.Add({{"namespace", s.ns}, {"name", s.name}}).Set(s.desired_gpus);
  f_->ready.Add({{"namespace", s.ns}, {"name", s.name}}).Set(s.ready_gpus);
}

void GPUPoolMetrics::forget(const std::string& ns, const std::string& name) {
  std::lock_guard lock(mu_);
  auto it = recorded_.find(ns + "/" + name);
  if (it == recorded_.end()) return;
  apply(it->second.targets, -1);
  recorded_.erase(it);
  f_->desired.Remove(&f_->desired.Add({{"namespace", ns}, {"name", name}}));
  f_->ready.Remove(&f_->ready.Add({{"namespace", ns}, {"name", name}}));
}

void GPUPoolMetrics::count_change(std::string_view provider, std::string_view action) {
  f_->changes.Add({{"provider", std::string(provider)}, {"action", std::string(action)}}).Increment();
}

void GPUPoolMetrics::count_failover(std::string_view provider) {
  f_->failovers.Add({{"provider", std::string(provider)}}).Increment();
}

}  // namespace gpupool::metrics
