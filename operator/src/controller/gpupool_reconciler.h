#pragma once
// GPUPoolReconciler (skeleton): acknowledges every GPUPool generation so
// users see it was read, and reports specs that cannot be decoded.
//   decode error -> Ready=False, Progressing=False, Degraded=True, all with
//                   reason InvalidSpec and the decoder's message naming the
//                   field; one Warning Event per change.
//   otherwise    -> Progressing=True reason ReconcilerPending, Ready=Unknown,
//                   Degraded=False, desiredGPUs = spec.gpus.
// Both set status.observedGeneration. Node-pool work arrives with the
// reconciler issue; this class is where it plugs in.
// Thread-safe like CloudClusterReconciler.
#include "api/gpupool.h"
#include "api/object_ref.h"
#include "common/clock.h"
#include "controller/controller.h"
#include "controller/status_writer.h"
#include "kube/cache.h"

namespace gpupool::controller {

inline constexpr const char* kGPUPoolController = "gpupool";

// The status the skeleton wants for `pool` (conditions set with `now`).
// Pure; exposed for tests.
api::GPUPoolStatus desired_pool_status(const api::GPUPool& pool, const std::string& now);

// Informer update filter: generation changed, deletion started, or status
// lags the spec (someone overwrote it); status-only updates we caused pass
// nothing. Keeps 10k-pool clusters from reconciling on every status write.
bool pool_needs_reconcile(const api::GPUPool* old_obj, const api::GPUPool& new_obj);

class GPUPoolReconciler final : public Reconciler {
 public:
  GPUPoolReconciler(const kube::Cache<api::GPUPool>& pools, kube::Client& client, api::EventFn events, Clock& clock);
  Result<Outcome> reconcile(const ObjectKey& key) override;

 private:
  const kube::Cache<api::GPUPool>& pools_;
  StatusWriter writer_;
  api::EventFn events_;
  Clock& clock_;
};

}  // namespace gpupool::controller
