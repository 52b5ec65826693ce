#include "controller/gpupool_observe.h"

#include "api/time_format.h"
#include "cloud/ownership.h"
#include "common/log.h"
#include "placement/memory.h"

namespace gpupool::controller {
namespace {

cloud::Owner owner_of(const api::GPUPool& pool, const std::string& target) {
  return cloud::Owner{pool.metadata.ns, pool.metadata.name, pool.metadata.uid, target};
}

// Our uid as `provider` stores it (any non-empty target: all four tags must be set).
cloud::Owner uid_owner(const api::GPUPool& pool, const std::string& provider) {
  return cloud::stored_owner(provider, owner_of(pool, "any"));
}

bool in_spec(const api::GPUPoolSpec& spec, const std::string& target) {
  for (const auto& t : spec.targets)
    if (t.name == target) return true;
  return false;
}

// Our tags as `provider` stores them (values may be sanitized).
bool owned_by(const cloud::NodePool& p, const cloud::Owner& stored, bool match_target) {
  return p.owner && p.owner->uid == stored.uid && (!match_target || p.owner->target == stored.target);
}

ClusterView view_one(const kube::Cache<api::CloudCluster>& cache, ProviderSource& source, const std::string& key,
                     ClusterListCache* lists, Clock::time_point not_before) {
  ClusterView v;
  v.lists = lists;
  v.key = key;
  v.cluster = cache.get(key);
  if (!v.cluster) return v;
  auto provider = source.provider_for(*v.cluster);
  if (!provider) {
    v.error = provider.error();
    return v;
  }
  v.provider = *provider;
  v.gate = source.gate_for(*v.cluster);
  auto list = [&v] { return v.provider->list(); };
  auto pools = lists ? lists->get(key, not_before, list) : list();
  if (pools) v.pools = std::move(*pools);
  else v.error = pools.error();
  return v;
}

// The spec target's pool: ours by tags, or a same-named stranger (conflict).
void find_pool(const api::GPUPool& pool, const std::string& target, const ClusterView& v,
               placement::TargetObservation& o, TargetRef& ref) {
  const std::string prov = v.provider_name();
  const cloud::Owner stored = cloud::stored_owner(prov, owner_of(pool, target));
  const std::string name = cloud::pool_name(prov, owner_of(pool, target));
  for (const auto& p : *v.pools)
    if (owned_by(p, stored, true)) {
      o.pool = p;
      return;
    }
  for (const auto& p : *v.pools)
    if (p.name == name || p.id == name) {
      o.pool = p;
      o.pool->owner.reset();  // decide() never touches an unowned pool
      ref.conflict = "node pool " + p.name + " exists without our owner tags (uid " + pool.metadata.uid + ")";
      return;
    }
}

placement::TargetObservation observe_target(const api::GPUPool& pool, const api::PoolTarget& t,
                                            const ClusterViews& views, PoolState& state, TargetRef& ref) {
  placement::TargetObservation o;
  o.name = t.name;
  o.memory = remembered(pool, t.name);
  ref.cluster = t.cloud_cluster_ref;
  auto it = views.find(t.cloud_cluster_ref);
  const ClusterView* v = it == views.end() ? nullptr : &it->second;
  o.cluster_missing = !v || !v->cluster;
  if (v && v->cluster) o.provider = v->cluster->spec.provider;
  if (v && v->pools) {
    o.cluster_ready = v->ready();
    find_pool(pool, t.name, *v, o, ref);
    if (o.pool && ref.conflict.empty()) state.seen[t.name] = *o.pool;
    else state.seen.erase(t.name);
  } else {
    // Unknown pools: hands off (not Ready), but keep counting what we saw last.
    ref.list_failed = true;
    if (auto s = state.seen.find(t.name); s != state.seen.end()) o.pool = s->second;
  }
  return o;
}

void add_removed(const api::GPUPool& pool, const ClusterViews& views, Observed& out) {
  for (const auto& [cluster, v] : views) {
    if (!v.pools) continue;
    const cloud::Owner stored = uid_owner(pool, v.provider_name());
    for (const auto& p : *v.pools) {
      if (!owned_by(p, stored, false)) continue;
      bool kept = false;
      for (const auto& t : pool.spec.targets)
        kept = kept || cloud::stored_owner(v.provider_name(), owner_of(pool, t.name)).target == p.owner->target;
      if (kept || out.refs.count(p.owner->target)) continue;
      placement::TargetObservation o;
      o.name = p.owner->target;
      o.provider = v.cluster->spec.provider;
      o.cluster_ready = v.ready();
      o.pool = p;
      o.memory = remembered(pool, o.name);
      out.refs[o.name] = TargetRef{cluster, true, false, ""};
      out.targets.push_back(std::move(o));
    }
  }
}

}  // namespace

bool ClusterView::ready() const { return cluster && api::is_condition_true(cluster->status.conditions, "Ready"); }

std::string ClusterView::provider_name() const {
  if (provider) return std::string(provider->provider());
  if (cluster && cluster->spec.provider) return api::to_string(*cluster->spec.provider);
  return "";
}

std::set<std::string> clusters_to_scan(const api::GPUPool& pool, const kube::Cache<api::CloudCluster>& cache) {
  std::set<std::string> names;
  for (const auto& t : pool.spec.targets) names.insert(t.cloud_cluster_ref);
  bool stale = false;
  for (const auto& t : pool.status.targets) stale = stale || !in_spec(pool.spec, t.name);
  if (stale || pool.metadata.deleting)
    for (const auto& c : cache.list_namespace(pool.metadata.ns)) names.insert(c->metadata.name);
  return names;
}

ClusterViews view_clusters(const kube::Cache<api::CloudCluster>& cache, ProviderSource& source,
                           const std::string& ns, const std::set<std::string>& names, ClusterListCache* lists,
                           Clock::time_point not_before) {
  ClusterViews views;
  for (const auto& name : names) {
    views[name] = view_one(cache, source, ns.empty() ? name : ns + "/" + name, lists, not_before);
    if (const auto& e = views[name].error)
      log::warn("cannot list node pools", {{"cloudCluster", ns + "/" + name}, {"error", e->describe()}});
  }
  return views;
}

const placement::TargetObservation* Observed::find(const std::string& target) const {
  for (const auto& o : targets)
    if (o.name == target) return &o;
  return nullptr;
}

Observed observe(const api::GPUPool& pool, const ClusterViews& views, PoolState& state) {
  Observed out;
  for (const auto& t : pool.spec.targets) {
    TargetRef ref;
    out.targets.push_back(observe_target(pool, t, views, state, ref));
    out.refs[t.name] = ref;
  }
  add_removed(pool, views, out);
  for (auto& o : out.targets) {
    if (auto e = state.errors.find(o.name); e != state.errors.end()) o.last_error = e->second;
    // An operation a previous process started (and never polled) failed: the
    // pool says so. Only while we still wait for nodes we asked for, so a
    // stale pool error is not counted again after the backoff.
    else if (o.pool && o.pool->error && !state.ops.count(o.name) && o.memory.provisioning_since)
      o.last_error = o.pool->error;
  }
  state.errors.clear();
  return out;
}

std::vector<std::pair<std::string, cloud::NodePool>> owned_pools(const api::GPUPool& pool, const ClusterViews& views) {
  std::vector<std::pair<std::string, cloud::NodePool>> out;
  for (const auto& [cluster, v] : views) {
    if (!v.pools) continue;
    const cloud::Owner stored = uid_owner(pool, v.provider_name());
    for (const auto& p : *v.pools)
      if (owned_by(p, stored, false)) out.emplace_back(cluster, p);
  }
  return out;
}

placement::TargetMemory remembered(const api::GPUPool& pool, const std::string& target) {
  placement::TargetMemory m = placement::memory_for(pool.status, target, pool.spec.failover);
  for (const auto& t : pool.status.targets)
    if (t.name == target && !t.provisioning_since.empty()) m.provisioning_since = api::parse_time(t.provisioning_since);
  return m;
}

}  // namespace gpupool::controller
