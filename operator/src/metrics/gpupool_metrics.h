#pragma once
// GPUPoolMetrics: what the GPUPool reconciler did, as Prometheus series.
// Per GPUPool (one series each, removed with the pool):
//   gpupool_desired_gpus{namespace,name}, gpupool_ready_gpus{namespace,name}
// Per provider and state, summed over all GPUPools (bounded cardinality, so
// 10k pools x 4 targets do not become 40k series):
//   gpupool_targets{provider,state}        targets in each state
//   gpupool_target_nodes{provider}         node counts we ask the clouds for
//   gpupool_target_ready_gpus{provider}    Ready GPUs
// Counters: gpupool_nodepool_changes_total{provider,action} (calls started)
// and gpupool_failovers_total{provider} (a target going into backoff).
// Thread-safe.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace prometheus {
class Registry;
}

namespace gpupool::metrics {

struct TargetSample {
  std::string provider;  // "GKE" ... ("" when unknown)
  std::string state;     // status.targets[].state
  int nodes = 0;         // node count asked for
  int ready_gpus = 0;
};

struct PoolSample {
  std::string ns, name;
  int desired_gpus = 0, ready_gpus = 0;
  std::vector<TargetSample> targets;
};

class GPUPoolMetrics {
 public:
  explicit GPUPoolMetrics(prometheus::Registry& registry);
  ~GPUPoolMetrics();
  GPUPoolMetrics(const GPUPoolMetrics&) = delete;
  GPUPoolMetrics& operator=(const GPUPoolMetrics&) = delete;

  // Replaces what was recorded for this GPUPool.
  void record(const PoolSample& sample);
  // The GPUPool is gone: its series and its share of the sums go.
  void forget(const std::string& ns, const std::string& name);
  void count_change(std::string_view provider, std::string_view action);
  void count_failover(std::string_view provider);

 private:
  struct Families;
  void apply(const std::vector<TargetSample>& targets, double sign);

  std::mutex mu_;
  std::unique_ptr<Families> f_;
  std::map<std::string, PoolSample> recorded_;  // "ns/name" -> last sample
};

}  // namespace gpupool::metrics
