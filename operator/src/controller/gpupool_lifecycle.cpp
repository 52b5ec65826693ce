#include "controller/gpupool_lifecycle.h"

#include "api/resources.h"
#include "common/log.h"
#include "controller/finalizers.h"
#include "controller/gpupool_act.h"
#include "controller/gpupool_observe.h"

namespace gpupool::controller {
namespace {

void emit(const LifecycleDeps& deps, const api::GPUPool& pool, const std::string& type, const std::string& reason,
          const std::string& message) {
  if (deps.events)
    deps.events(api::reference_of(pool.metadata, api::kApiVersion, api::GPUPool::kKind), type, reason, message);
}

Status drop_finalizer(const LifecycleDeps& deps, const api::GPUPool& pool, PoolState& state) {
  auto r = remove_finalizer(deps.client, api::gpupools(), pool.metadata, kGPUPoolFinalizer);
  if (!r) return r.error().with_context("removing finalizer of GPUPool " + pool.metadata.key());
  release_ops(state);
  return ok();
}

Result<Outcome> retain(const LifecycleDeps& deps, const api::GPUPool& pool, PoolState& state, bool& done) {
  ClusterViews views = view_clusters(deps.clusters, deps.providers, pool.metadata.ns, clusters_to_scan(pool, deps.clusters));
  std::size_t n = owned_pools(pool, views).size();
  bool listed = true;
  for (const auto& [name, v] : views) listed = listed && (v.pools || !v.cluster);
  if (!listed) {  // best effort: what status last said
    n = 0;
    for (const auto& t : pool.status.targets) n += !t.node_pool.empty();
  }
  emit(deps, pool, "Normal", "Retaining", "Retaining " + std::to_string(n) + " node pools");
  if (auto st = drop_finalizer(deps, pool, state); !st) return st.error();
  done = true;
  return Outcome::done();
}

Result<Outcome> remove_all(const LifecycleDeps& deps, const api::GPUPool& pool, PoolState& state, bool& done) {
  const std::string key = pool.metadata.key();
  for (const auto& t : poll_ops(key, state))
    emit(deps, pool, "Warning", "OperationTimeout", "target " + t.target + ": " + t.error.message);
  ClusterViews views = view_clusters(deps.clusters, deps.providers, pool.metadata.ns, clusters_to_scan(pool, deps.clusters));
  bool unknown = false;
  for (const auto& [name, v] : views) unknown = unknown || (v.cluster && !v.pools);
  auto owned = owned_pools(pool, views);
  for (const auto& [cluster, np] : owned) {
    const std::string target = np.owner->target;
    if (!state.ops.count(target)) start_delete(key, target, views.at(cluster), np, state);
  }
  state.errors.clear();  // nobody decides on them any more; the next list tells
  if (unknown || !owned.empty() || !state.ops.empty()) {
    log::info("waiting for node pools to be deleted", {{"gpupool", key}, {"pools", std::to_string(owned.size())}});
    return Outcome::after(kCleanupPoll);
  }
  emit(deps, pool, "Normal", "Deleted", "all node pools deleted");
  if (auto st = drop_finalizer(deps, pool, state); !st) return st.error();
  done = true;
  return Outcome::done();
}

}  // namespace

Status ensure_finalizer(kube::Client& client, const api::GPUPool& pool) {
  if (pool.metadata.has_finalizer(kGPUPoolFinalizer)) return ok();
  auto r = add_finalizer(client, api::gpupools(), pool.metadata, kGPUPoolFinalizer);
  if (!r) return r.error().with_context("adding finalizer to GPUPool " + pool.metadata.key());
  return ok();
}

Result<Outcome> finalize(const LifecycleDeps& deps, const api::GPUPool& pool, PoolState& state, bool& done) {
  done = false;
  if (!pool.metadata.has_finalizer(kGPUPoolFinalizer)) {
    release_ops(state);
    done = true;
    return Outcome::done();
  }
  if (pool.spec.deletion_policy == api::DeletionPolicy::Retain) return retain(deps, pool, state, done);
  return remove_all(deps, pool, state, done);
}

}  // namespace gpupool::controller
