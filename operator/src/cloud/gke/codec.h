#pragma once
// JSON shapes of the container v1 API (cloud-apis.md §1.3): our NodePoolSpec
// to a CreateNodePoolRequest, and a NodePool resource back to cloud::NodePool
// (without live node counts, which come from the instance groups).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cloud/provider.h"
#include "common/result.h"

namespace gpupool::cloud::gke {

// {"nodePool": {...}} with per-zone initialNodeCount over `zones`, GPUs in
// config.accelerators (acceleratorCount as a string), ownership tags in
// config.resourceLabels (GCE labels), spec.labels in config.labels (node labels).
// InvalidArgument for a machine type/GPU count GKE would reject.
Result<nlohmann::json> create_request(const NodePoolSpec& spec, const std::vector<std::string>& zones);

// Per-zone count for a pool-wide total: rounded up so the pool never has
// fewer nodes than asked.
int per_zone(int total, std::size_t zones);

// The pool as GKE describes it; desired/current/ready nodes left at 0.
NodePool parse_node_pool(const nlohmann::json& np);

// Taint effect: ours (NoSchedule) <-> GKE's (NO_SCHEDULE).
std::string gke_taint_effect(const std::string& effect);

}  // namespace gpupool::cloud::gke
