#pragma once
// The provider seam: one NodePoolProvider per CloudCluster, one implementation
// per cloud (cloud/gke, cloud/aks, cloud/oke, cloud/coreweave). Mutations start
// work and return an Operation handle; nothing blocks a worker for minutes.
// Implementations are thread-safe; callers (the reconciler) still serialize
// mutations per cluster through the ClusterGate in cloud/cluster_gate.h.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace gpupool::cloud {

// Who owns a pool; written as labels/tags on every pool we create, in the
// form each cloud allows (see ownership.h for the tag keys).
struct Owner {
  std::string ns;      // GPUPool namespace
  std::string name;    // GPUPool name
  std::string uid;     // GPUPool uid
  std::string target;  // target name inside the GPUPool
  bool operator==(const Owner&) const = default;
};

enum class CapacityType { OnDemand, Spot, Reserved };

struct Taint {
  std::string key, value, effect;  // effect: NoSchedule | PreferNoSchedule | NoExecute
};

// What we want a pool to be.
struct NodePoolSpec {
  std::string name;  // deterministic from GPUPool + target (ownership.h)
  std::string machine_type;
  int gpus_per_node = 0;
  int node_count = 0;  // total nodes across zones
  bool autoscaling = false;
  int min_nodes = 0, max_nodes = 0;
  CapacityType capacity_type = CapacityType::OnDemand;
  std::string reservation;
  std::vector<std::string> zones;
  std::map<std::string, std::string> labels;
  std::vector<Taint> taints;
  Owner owner;
};

// What a pool is, as read from the cloud.
struct NodePool {
  std::string id;    // cloud id: GKE/AKS/CoreWeave name, OKE OCID
  std::string name;
  std::string machine_type;
  int desired_nodes = 0;  // target size the cloud works towards
  int current_nodes = 0;  // nodes that exist
  int ready_nodes = 0;    // nodes ready to run work
  bool autoscaling = false;
  int min_nodes = 0, max_nodes = 0;
  std::vector<std::string> zones;  // where the pool's nodes live (GKE: per-zone counts multiply)
  std::optional<Owner> owner;  // set only when all our tags are present
  std::string state;           // the cloud's own word: RUNNING, Succeeded, ACTIVE, ...
  std::optional<Error> error;  // the pool's last asynchronous failure, classified
  std::string etag;            // for clouds with optimistic concurrency
};

struct Operation {
  std::string id;         // GKE operation name, AKS async URL, OKE work request id, CoreWeave pool name
  std::string kind;       // "create" | "resize" | "autoscaling" | "delete"
  std::string pool_name;
  bool done = false;      // true when the call finished synchronously
};

struct OperationStatus {
  bool done = false;
  std::optional<Error> error;  // set when done with a failure (classified)
};

class NodePoolProvider {
 public:
  virtual ~NodePoolProvider() = default;
  virtual std::string_view provider() const = 0;  // "GKE" | "AKS" | "OKE" | "CoreWeave"
  // Every pool in the cluster, with `owner` set on the ones carrying our tags
  // (so callers can spot same-named pools that are not ours).
  virtual Result<std::vector<NodePool>> list() = 0;
  // NotFound when absent.
  virtual Result<NodePool> get(const std::string& id) = 0;
  virtual Result<Operation> create(const NodePoolSpec& spec) = 0;
  virtual Result<Operation> resize(const NodePool& pool, int nodes) = 0;
  virtual Result<Operation> set_autoscaling(const NodePool& pool, bool enabled, int min_nodes, int max_nodes) = 0;
  // A pool that is already gone returns a done Operation.
  virtual Result<Operation> remove(const NodePool& pool) = 0;
  virtual Result<OperationStatus> poll(const Operation& op) = 0;
};

}  // namespace gpupool::cloud
