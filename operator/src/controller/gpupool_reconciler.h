#pragma once
// GPUPoolReconciler: keeps spec.gpus GPUs alive across the targets' node
// pools. Per reconcile of one GPUPool (reads from caches, cloud calls only
// start work and return operations, nothing waits for minutes):
//   deleting        -> gpupool_lifecycle.h (Delete / Retain)
//   decode error    -> Ready=False, Progressing=False, Degraded=True, reason
//                      InvalidSpec (one Warning Event per change); no calls
//   paused          -> Progressing=False reason Paused; no cloud call at all
//   otherwise       -> finalizer, poll running ops (abandoning those older
//                      than operation_timeout(): Warning Event
//                      OperationTimeout), list each referenced
//                      CloudCluster (gpupool_observe.h), placement::decide(),
//                      Apply: make the calls (gpupool_act.h); Plan: status
//                      only; write status when changed (gpupool_status.h);
//                      Events from the decision.
// Requeue: the soonest of the decision's requeue_after, 5 s while one of its
// cloud operations runs (a failed resize means failover, a finished shrink
// frees the cluster; at most one op per CloudCluster runs at a time, so these
// polls stay bounded however many GPUPools there are), 5 s when a call or a
// listing failed, 30 s (jittered) while progressing or waiting for a cluster
// another GPUPool's operation holds (its end wakes us: set_wake()), else the
// steady resync, 5 min by default (drift repair). Listings are shared between
// GPUPools for 2 s (cluster_list_cache.h). Thread-safe like
// CloudClusterReconciler.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "api/cloudcluster.h"
#include "api/gpupool.h"
#include "api/object_ref.h"
#include "common/clock.h"
#include "controller/cluster_list_cache.h"
#include "controller/controller.h"
#include "controller/gpupool_act.h"
#include "controller/gpupool_sources.h"
#include "controller/gpupool_state.h"
#include "controller/status_writer.h"
#include "kube/cache.h"
#include "metrics/gpupool_metrics.h"

namespace gpupool::controller {

inline constexpr const char* kGPUPoolController = "gpupool";
inline constexpr std::chrono::seconds kProgressingResync{30};
inline constexpr std::chrono::minutes kSteadyResync{5};
inline constexpr std::chrono::seconds kBusyRetry{5};
inline constexpr std::chrono::seconds kOperationPoll{5};

// How long one cloud operation may hold its CloudCluster's mutation claim:
// spec.failover.provisioningTimeout. It is the user's own word for how long
// this cloud may take, and at that moment failover already gives up on nodes
// still not Ready (ProvisioningTimeout -> Backoff); the decision can only act
// on that (shrink, move the share) once the claim is free, so a longer fixed
// limit would leave the failover unenforced. Abandoning an op the cloud is
// still running is harmless: the cloud serializes its own ops and answers
// Busy (a wait), and pools are found again by tags.
std::chrono::milliseconds operation_timeout(const api::GPUPool& pool);

// The status for a spec that cannot be decoded (conditions set with `now`).
// Pure; exposed for tests.
api::GPUPoolStatus desired_pool_status(const api::GPUPool& pool, const std::string& now);

// Informer update filter: generation changed, deletion started, or status
// lags the spec (someone overwrote it); status-only updates we caused pass
// nothing. Keeps 10k-pool clusters from reconciling on every status write.
bool pool_needs_reconcile(const api::GPUPool* old_obj, const api::GPUPool& new_obj);

// GPUPool cache index: "ns/name" of every referenced CloudCluster, so a
// CloudCluster change (e.g. becoming Ready) wakes the pools that use it.
inline constexpr const char* kClusterRefIndex = "cloudClusterRef";
std::vector<std::string> cluster_ref_values(const api::GPUPool& pool);
std::vector<ObjectKey> pools_for_cluster(const kube::Cache<api::GPUPool>& pools, const std::string& cluster_key);

class GPUPoolReconciler final : public Reconciler {
 public:
  // Everything must outlive the reconciler; `metrics` may be null.
  GPUPoolReconciler(const kube::Cache<api::GPUPool>& pools, const kube::Cache<api::CloudCluster>& clusters,
                    kube::Client& client, ProviderSource& providers, api::EventFn events, Clock& clock,
                    metrics::GPUPoolMetrics* metrics = nullptr,
                    std::chrono::milliseconds steady_resync = kSteadyResync);
  Result<Outcome> reconcile(const ObjectKey& key) override;
  // How to wake a GPUPool (its "ns/name") that waits for a cluster's mutation
  // claim this reconciler released; set before the controller starts.
  void set_wake(std::function<void(const std::string&)> wake) { wake_ = std::move(wake); }

 private:
  Result<Outcome> run(const api::GPUPool& pool, PoolState& state, bool& forget);
  Result<Outcome> invalid(const api::GPUPool& pool);
  Result<Outcome> paused(const api::GPUPool& pool);
  Result<Outcome> sync(const api::GPUPool& pool, PoolState& state);
  std::chrono::milliseconds next_check(const placement::Decision& d, const Observed& observed, const ActResult& act,
                                       const PoolState& state) const;
  void emit(const api::GPUPool& pool, const std::string& type, const std::string& reason,
            const std::string& message) const;
  void wake_waiters(PoolState& state) const;
  void record(const api::GPUPool& pool, const placement::Decision& d, const Observed& observed,
              const ActResult& act) const;

  const kube::Cache<api::GPUPool>& pools_;
  const kube::Cache<api::CloudCluster>& clusters_;
  kube::Client& client_;
  ProviderSource& providers_;
  StatusWriter writer_;
  api::EventFn events_;
  Clock& clock_;
  metrics::GPUPoolMetrics* metrics_;
  std::chrono::milliseconds steady_resync_;
  std::function<void(const std::string&)> wake_;
  ClusterListCache lists_;  // listings shared between GPUPools (deletion lists afresh)
  PoolStates states_;
};

}  // namespace gpupool::controller
