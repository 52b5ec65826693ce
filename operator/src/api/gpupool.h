#pragma once
// GPUPool (gpupool.io/v1alpha1): the slice of spec the controllers read and
// the status they write. from_json never throws; see object_meta.h.
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/condition.h"
#include "api/object_meta.h"

namespace gpupool::api {

enum class Strategy { Priority, Spread, Cheapest };
enum class PoolMode { Apply, Plan };
enum class DeletionPolicy { Delete, Retain };
enum class CapacityType { OnDemand, Spot, Reserved };

struct Taint {
  std::string key, value, effect;
};

struct NodeTemplate {
  std::map<std::string, std::string> labels;
  std::vector<Taint> taints;
};

struct Failover {
  std::chrono::milliseconds initial_backoff = std::chrono::minutes(5);
  std::chrono::milliseconds max_backoff = std::chrono::minutes(30);
  std::chrono::milliseconds provisioning_timeout = std::chrono::minutes(20);
};

struct PoolTarget {
  std::string name;
  std::string cloud_cluster_ref;  // CloudCluster name, same namespace
  std::string machine_type;
  std::optional<int> gpus_per_node;  // unset: from the GPU catalogue
  int priority = 0;
  int weight = 1;
  int min_nodes = 0;
  std::optional<int> max_nodes;  // unset: no limit other than spec.gpus
  CapacityType capacity_type = CapacityType::OnDemand;
  std::string reservation;
  std::vector<std::string> zones;
  bool autoscaling = false;
  std::optional<std::string> price_per_gpu_hour;  // decimal string, validated
};

struct GPUPoolSpec {
  int gpus = 0;
  std::string gpu_type;
  Strategy strategy = Strategy::Priority;
  PoolMode mode = PoolMode::Apply;
  bool paused = false;
  DeletionPolicy deletion_policy = DeletionPolicy::Delete;
  NodeTemplate node_template;
  Failover failover;
  std::vector<PoolTarget> targets;
};

struct TargetError {
  std::string reason, message, time;
  bool operator==(const TargetError&) const = default;
};

struct TargetStatus {
  std::string name, provider, node_pool;
  int desired_nodes = 0, current_nodes = 0, ready_nodes = 0;
  std::string state;
  std::string backoff_until;  // RFC 3339 or ""
  std::string provisioning_since;  // RFC 3339 or "": waiting for asked nodes since
  std::optional<TargetError> last_error;
  bool operator==(const TargetStatus&) const = default;
};

struct PlanStep {
  std::string target, action;
  int from_nodes = 0, to_nodes = 0;
  std::string reason;
  bool operator==(const PlanStep&) const = default;
};

struct GPUPoolStatus {
  long long observed_generation = 0;
  int desired_gpus = 0;
  int ready_gpus = 0;
  std::vector<Condition> conditions;
  std::vector<TargetStatus> targets;
  std::vector<PlanStep> plan;
  bool operator==(const GPUPoolStatus&) const = default;
  nlohmann::json to_json() const;
  static GPUPoolStatus from_json(const nlohmann::json& status);  // lenient
};

struct GPUPool {
  static constexpr const char* kKind = "GPUPool";
  ObjectMeta metadata;
  GPUPoolSpec spec;
  GPUPoolStatus status;
  // First problem decoding spec, with its path; status problems are ignored
  // (we own status and rewrite it).
  std::optional<std::string> decode_error;

  static GPUPool from_json(const nlohmann::json& object);
};

}  // namespace gpupool::api
