#pragma once
// Builders and a tiny in-memory world for the placement tests (header only,
// never compiled into op_placement).
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "placement/decide.h"
#include "placement/memory.h"

namespace gpupool::placement::testing {

using namespace std::chrono_literals;

// 2026-01-01T00:00:00Z: whole seconds, so RFC 3339 round trips are exact.
inline Time t0() { return Time{} + std::chrono::seconds(1767225600); }

inline api::PoolTarget target(std::string name, std::string machine, int priority = 0) {
  api::PoolTarget t;
  t.name = std::move(name);
  t.cloud_cluster_ref = t.name + "-cluster";
  t.machine_type = std::move(machine);
  t.priority = priority;
  return t;
}

inline api::GPUPoolSpec pool(int gpus, api::Strategy strategy, std::vector<api::PoolTarget> targets,
                             std::string gpu_type = "H100") {
  api::GPUPoolSpec s;
  s.gpus = gpus;
  s.gpu_type = std::move(gpu_type);
  s.strategy = strategy;
  s.targets = std::move(targets);
  return s;
}

inline cloud::NodePool node_pool(const std::string& target, int desired, int ready, std::optional<int> current = {}) {
  cloud::NodePool p;
  p.id = p.name = "gp-" + target;
  p.desired_nodes = desired;
  p.current_nodes = current.value_or(desired);
  p.ready_nodes = ready;
  p.owner = cloud::Owner{"ns", "train", "uid-1", target};
  return p;
}

inline TargetObservation seen(std::string name, std::optional<cloud::NodePool> p = {}, bool ready = true) {
  TargetObservation o;
  o.name = std::move(name);
  o.cluster_ready = ready;
  o.pool = std::move(p);
  return o;
}

inline const TargetAction& act(const Decision& d, const std::string& name) {
  for (const auto& a : d.targets)
    if (a.target == name) return a;
  throw std::runtime_error("no action for target " + name);
}

inline const api::Condition& cond(const Decision& d, const std::string& type) {
  for (const auto& c : d.conditions)
    if (c.type == type) return c;
  throw std::runtime_error("no condition " + type);
}

inline bool has_event(const Decision& d, const std::string& reason) {
  for (const auto& e : d.events)
    if (e.reason == reason) return true;
  return false;
}

inline Error stockout() {
  Error e(ErrorCode::ResourceExhausted, "ZONE_RESOURCE_POOL_EXHAUSTED");
  e.exhausted = ExhaustedKind::Stockout;
  return e;
}

// A world of pools that obey the last decision: Create/Resize set the
// desired size at once; Ready nodes move only when a test says so. Memory is
// kept between decisions like the reconciler keeps it; restart() rebuilds it
// from the written status, like a restarted operator.
struct World {
  api::GPUPoolSpec spec;
  std::map<std::string, cloud::NodePool> pools;
  std::map<std::string, TargetMemory> memory;
  std::map<std::string, api::TargetStatus> status;
  std::map<std::string, Error> errors;  // delivered with the next decision
  Time now = t0();

  void restart() {
    memory.clear();
    for (const auto& [name, st] : status) memory[name] = memory_from_status(st, spec.failover);
  }

  Decision step() {
    std::vector<TargetObservation> obs;
    for (const auto& t : spec.targets) obs.push_back(observe(t.name));
    for (const auto& [name, p] : pools)
      if (!in_spec(name)) obs.push_back(observe(name));
    Decision d = decide(spec, obs, now);
    errors.clear();
    for (std::size_t i = 0; i < d.targets.size(); ++i) apply(d.targets[i], obs[i], d.mutate);
    return d;
  }
  void set_ready(const std::string& name, int ready) { pools.at(name).ready_nodes = ready; }
  int ready_gpus(int gpus_per_node) const {
    int n = 0;
    for (const auto& [name, p] : pools) n += p.ready_nodes * gpus_per_node;
    return n;
  }

 private:
  bool in_spec(const std::string& name) const {
    for (const auto& t : spec.targets)
      if (t.name == name) return true;
    return false;
  }
  TargetObservation observe(const std::string& name) {
    TargetObservation o = seen(name);
    if (pools.count(name)) o.pool = pools.at(name);
    if (errors.count(name)) o.last_error = errors.at(name);
    if (memory.count(name)) o.memory = memory.at(name);
    return o;
  }
  void apply(const TargetAction& a, const TargetObservation& o, bool mutate) {
    status[a.target] = target_status(a, o, mutate);
    memory[a.target] = a.memory;
    if (!mutate) return;
    if (a.kind == ActionKind::Create) pools[a.target] = node_pool(a.target, a.to_nodes, 0, 0);
    if (a.kind == ActionKind::Resize) {
      auto& p = pools.at(a.target);
      p.desired_nodes = p.current_nodes = a.to_nodes;
      p.ready_nodes = std::min(p.ready_nodes, a.to_nodes);  // shrinking removes unready nodes first
    }
    if (a.kind == ActionKind::Delete) pools.erase(a.target), status.erase(a.target), memory.erase(a.target);
  }
};

}  // namespace gpupool::placement::testing
