#pragma once
// NodePool objects (compute.coreweave.com/v1alpha1, cluster-scoped) to and
// from our provider types (cloud-apis.md §4.3). Ownership tags go in
// metadata.labels (Kubernetes label values, cloud/ownership.h); the user's
// labels and taints go to spec.nodeLabels/nodeTaints (applied to every Node).
// Pure; thread-safe.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cloud/provider.h"
#include "kube/client.h"

namespace gpupool::cloud::coreweave {

// /apis/compute.coreweave.com/v1alpha1/nodepools
const kube::ResourceRef& nodepools();

// The NodePool to POST for `spec` (targetNodes already rounded by the caller).
nlohmann::json nodepool_manifest(const NodePoolSpec& spec, int target_nodes);

// spec.targetNodes, or targetRacks x 18 when the pool is sized in racks.
int target_nodes(const nlohmann::json& pool);
// status.currentNodes (0 when the controller has not reported yet).
int current_nodes(const nlohmann::json& pool);

struct Condition {
  std::string type, status, reason, message;
};
// Condition `type`, only when it describes the object's current generation:
// right after a spec change the old conditions still speak of the old target.
// Conditions without observedGeneration are taken as current.
std::optional<Condition> fresh_condition(const nlohmann::json& pool, const std::string& type);

// The pool as our provider type; `error` is set when a current condition
// reports quota or missing capacity.
NodePool parse_nodepool(const nlohmann::json& pool);

}  // namespace gpupool::cloud::coreweave
