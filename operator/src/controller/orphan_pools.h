#pragma once
// Orphaned node pools: pools in a CloudCluster's cloud that carry our owner
// tags for a GPUPool uid no GPUPool has any more (deleted with
// deletionPolicy Retain, or deleted by hand while the operator was down).
// They are reported, never deleted: someone may still want their nodes.
// Only pools tagged with the CloudCluster's own namespace are judged: a
// GPUPool can only use CloudClusters of its namespace, and pools of other
// namespaces may belong to a CloudCluster this operator does not watch.
// Pure functions, plus OrphanReports (thread-safe) that decides which
// orphans still need an Event so the same pool is not reported every resync.
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/gpupool.h"
#include "cloud/provider.h"
#include "common/clock.h"
#include "kube/cache.h"

namespace gpupool::controller {

inline constexpr const char* kOrphanedNodePool = "OrphanedNodePool";
// Events expire (1 h by default), so a pool still orphaned is reported again.
inline constexpr std::chrono::hours kOrphanReminder{1};

// The uids of namespace `ns`'s GPUPools as `provider` stores them in tags.
std::set<std::string> known_pool_uids(const kube::Cache<api::GPUPool>& pools, const std::string& ns,
                                      std::string_view provider);

// The pools tagged for namespace `ns` whose uid is not in `known`.
std::vector<cloud::NodePool> find_orphans(const std::vector<cloud::NodePool>& pools, const std::string& ns,
                                          std::string_view provider, const std::set<std::string>& known);

// "node pool NAME (id ID) is tagged for GPUPool NS/NAME uid UID, which no longer exists; it is not deleted"
std::string orphan_message(const cloud::NodePool& pool);

class OrphanReports {
 public:
  // The orphans of `cluster` to report now: new ones and those last reported
  // kOrphanReminder ago. Remembers exactly `orphans` (a pool that is gone or
  // adopted is forgotten), so memory is bounded by the orphans that exist.
  std::vector<cloud::NodePool> due(const std::string& cluster, const std::vector<cloud::NodePool>& orphans,
                                   Clock::time_point now);
  void forget(const std::string& cluster);

 private:
  std::mutex mu_;
  std::map<std::string, std::map<std::string, Clock::time_point>> reported_;  // cluster -> pool id -> when
};

}  // namespace gpupool::controller
