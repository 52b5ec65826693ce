#pragma once
// Observe step of the GPUPool reconciler: the only cloud reads. Each
// referenced CloudCluster is listed once; a target's pool is the one carrying
// OUR owner tags (uid + target), never one found by name alone. A pool with
// our deterministic name but no or foreign tags is a NameConflict: reported,
// never touched. Pools tagged with our uid for targets no longer in the spec
// become "removed" observations (decide() deletes them).
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/cloudcluster.h"
#include "api/gpupool.h"
#include "cloud/provider.h"
#include "controller/cluster_list_cache.h"
#include "controller/gpupool_sources.h"
#include "controller/gpupool_state.h"
#include "kube/cache.h"
#include "placement/decide.h"

namespace gpupool::controller {

// One CloudCluster as seen in this reconcile.
struct ClusterView {
  std::shared_ptr<const api::CloudCluster> cluster;   // null: not in the cache
  std::shared_ptr<cloud::NodePoolProvider> provider;  // null: could not be built
  std::shared_ptr<cloud::ClusterGate> gate;
  std::optional<std::vector<cloud::NodePool>> pools;  // nullopt: list() not done or failed
  std::optional<Error> error;                         // why pools is missing
  ClusterListCache* lists = nullptr;                  // shared listings (invalidate after our calls)
  std::string key;                                    // "ns/name"
  bool ready() const;                                 // CloudCluster Ready=True
  std::string provider_name() const;                  // "GKE" | ... ("" when unknown)
};
using ClusterViews = std::map<std::string, ClusterView>;  // by CloudCluster name

// CloudCluster names to list: spec references, plus every CloudCluster of the
// namespace while status lists targets no longer in the spec (after a restart
// nothing else says where their pools live).
std::set<std::string> clusters_to_scan(const api::GPUPool& pool, const kube::Cache<api::CloudCluster>& cache);

// `lists` (may be null: always list afresh) shares listings between GPUPools;
// only those taken at or after `not_before` (current_trigger_time()) are used.
ClusterViews view_clusters(const kube::Cache<api::CloudCluster>& cache, ProviderSource& source,
                           const std::string& ns, const std::set<std::string>& names,
                           ClusterListCache* lists = nullptr, Clock::time_point not_before = {});

// Where each observed target lives and what stops us touching it.
struct TargetRef {
  std::string cluster;  // CloudCluster name
  bool removed = false;
  bool list_failed = false;   // pools unknown: never create, never mutate
  std::string conflict;       // NameConflict message ("" when none)
};

struct Observed {
  std::vector<placement::TargetObservation> targets;  // spec order, then removed targets
  std::map<std::string, TargetRef> refs;              // by target name
  const placement::TargetObservation* find(const std::string& target) const;
};

// Consumes state.errors (they feed this decision) and refreshes state.seen.
Observed observe(const api::GPUPool& pool, const ClusterViews& views, PoolState& state);

// Every pool in `views` tagged with the GPUPool's uid, with its cluster name.
std::vector<std::pair<std::string, cloud::NodePool>> owned_pools(const api::GPUPool& pool, const ClusterViews& views);

// Memory for `target` from status, including provisioningSince.
placement::TargetMemory remembered(const api::GPUPool& pool, const std::string& target);

}  // namespace gpupool::controller
