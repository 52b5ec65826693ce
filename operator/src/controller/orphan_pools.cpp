#include "controller/orphan_pools.h"

#include "cloud/ownership.h"

namespace gpupool::controller {
namespace {

// Any non-empty name and target: stored_owner needs all four tags set.
cloud::Owner stored(std::string_view provider, const std::string& ns, const std::string& uid) {
  return cloud::stored_owner(provider, cloud::Owner{ns, "x", uid, "x"});
}

std::string pool_id(const cloud::NodePool& p) { return p.id.empty() ? p.name : p.id; }

}  // namespace

std::set<std::string> known_pool_uids(const kube::Cache<api::GPUPool>& pools, const std::string& ns,
                                      std::string_view provider) {
  std::set<std::string> out;
  for (const auto& p : pools.list_namespace(ns)) out.insert(stored(provider, ns, p->metadata.uid).uid);
  return out;
}

std::vector<cloud::NodePool> find_orphans(const std::vector<cloud::NodePool>& pools, const std::string& ns,
                                          std::string_view provider, const std::set<std::string>& known) {
  const std::string our_ns = stored(provider, ns, "x").ns;
  std::vector<cloud::NodePool> out;
  for (const auto& p : pools)
    if (p.owner && p.owner->ns == our_ns && !known.count(p.owner->uid)) out.push_back(p);
  return out;
}

std::string orphan_message(const cloud::NodePool& p) {
  std::string id = pool_id(p) == p.name ? "" : " (id " + pool_id(p) + ")";
  return "node pool " + p.name + id + " is tagged for GPUPool " + p.owner->ns + "/" + p.owner->name + " uid " +
         p.owner->uid + ", which no longer exists; it is not deleted (delete it in the cloud if unneeded)";
}

std::vector<cloud::NodePool> OrphanReports::due(const std::string& cluster,
                                                const std::vector<cloud::NodePool>& orphans, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto& before = reported_[cluster];
  std::map<std::string, Clock::time_point> next;
  std::vector<cloud::NodePool> out;
  for (const auto& p : orphans) {
    auto it = before.find(pool_id(p));
    if (it != before.end() && now - it->second < kOrphanReminder) {
      next[pool_id(p)] = it->second;
      continue;
    }
    next[pool_id(p)] = now;
    out.push_back(p);
  }
  if (next.empty()) reported_.erase(cluster);
  else before = std::move(next);
  return out;
}

void OrphanReports::forget(const std::string& cluster) {
  std::lock_guard lock(mu_);
  reported_.erase(cluster);
}

}  // namespace gpupool::controller
