#pragma once
// ClusterListCache: one CloudCluster's node-pool listing shared by the
// GPUPools that use it for a short time. Every GPUPool reconcile lists each
// cluster it references, and a GKE listing costs 1 + 2 requests per node pool
// (instance-group sizes), so 20 GPUPools on one cluster would otherwise cost
// ~20 x 41 requests per round: the CloudCluster's request budget is spent on
// reads. A listing is reused only when it is younger than `ttl` AND was
// taken after `not_before` - the time the reconcile was asked for (see
// current_trigger_time()), so a reconcile woken by a change never decides on
// a listing from before that change. Our own mutation on a cluster
// invalidates it (the next reconcile must see the pool it created, or it
// could create it again). Failed listings are never cached.
// Thread-safe.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "cloud/provider.h"
#include "common/clock.h"
#include "common/result.h"

namespace gpupool::controller {

inline constexpr std::chrono::seconds kClusterListTtl{2};

class ClusterListCache {
 public:
  using Lister = std::function<Result<std::vector<cloud::NodePool>>()>;

  explicit ClusterListCache(Clock& clock, std::chrono::milliseconds ttl = kClusterListTtl)
      : clock_(clock), ttl_(ttl) {}

  // `key`'s listing if taken at or after `not_before` and younger than ttl,
  // else list() (stored unless invalidated while it ran: it may predate our
  // own change).
  Result<std::vector<cloud::NodePool>> get(const std::string& key, Clock::time_point not_before, const Lister& list);
  // Our call changed `key`'s pools: the next get() lists again.
  void invalidate(const std::string& key);

 private:
  struct Entry {
    std::uint64_t generation = 0;  // bumped by invalidate()
    bool valid = false;
    Clock::time_point at{};
    std::vector<cloud::NodePool> pools;
  };
  Clock& clock_;
  std::chrono::milliseconds ttl_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

}  // namespace gpupool::controller
