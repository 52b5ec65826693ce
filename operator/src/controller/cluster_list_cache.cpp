#include "controller/cluster_list_cache.h"

namespace gpupool::controller {

Result<std::vector<cloud::NodePool>> ClusterListCache::get(const std::string& key, Clock::time_point not_before,
                                                           const Lister& list) {
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    Entry& e = entries_[key];
    if (e.valid && e.at >= not_before && clock_.now() - e.at < ttl_) return e.pools;
    generation = e.generation;
  }
  const Clock::time_point started = clock_.now();
  auto pools = list();  // outside the lock: it may take seconds (rate limit)
  if (!pools) return pools;
  std::lock_guard lock(mu_);
  Entry& e = entries_[key];
  if (e.generation == generation) {
    e.valid = true;
    e.at = started;  // its age counts from when the cloud was asked
    e.pools = *pools;
  }
  return pools;
}

void ClusterListCache::invalidate(const std::string& key) {
  std::lock_guard lock(mu_);
  Entry& e = entries_[key];
  ++e.generation;
  e.valid = false;
  e.pools.clear();
}

}  // namespace gpupool::controller
