#pragma once
// NodePoolSpec <-> OKE wire shapes (cloud-apis.md §3.3): CreateNodePoolDetails,
// UpdateNodePoolDetails for a resize, NodePool -> cloud::NodePool, and the
// deterministic opc-retry-token. Pure functions; thread-safe.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cloud/provider.h"
#include "common/result.h"

namespace gpupool::cloud::oke {

// Where new pools go: from the CloudCluster (cluster.json).
struct PoolSettings {
  std::string compartment_id, cluster_id;
  std::vector<std::string> subnet_ids;  // one for every AD, or one per spec zone (by index)
  std::string image_id;                 // GPU OKE image; omitted when empty
};

// InvalidArgument for what OKE cannot express whatever the placement:
// taints, autoscaling, an unknown GPU shape or GPU count, a negative size.
Status check_expressible(const NodePoolSpec& spec);

// check_expressible, and InvalidArgument for no availability domain
// (OkeProvider fills empty zones first) or unusable subnets.
Result<nlohmann::json> create_details(const NodePoolSpec& spec, const PoolSettings& settings);

// {"nodeConfigDetails": {"size": n, "placementConfigs": <the pool's own>}}.
nlohmann::json resize_details(const nlohmann::json& node_pool, int nodes);

// A NodePool (GET) or NodePoolSummary (list; no nodes[]) as cloud::NodePool.
// Counts come from nodes[]: current = not deleting/deleted and no nodeError,
// ready = lifecycleState ACTIVE and no nodeError.
NodePool to_node_pool(const nlohmann::json& np, const std::string& etag = "");

// opc-retry-token (<= 64 chars) from the owner uid, target and the request
// body: a resent create maps to the same work request, a changed spec does not.
std::string retry_token(const Owner& owner, const nlohmann::json& details);

}  // namespace gpupool::cloud::oke
