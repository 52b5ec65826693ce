#pragma once
// Lifecycle step of the GPUPool reconciler: the gpupool.io/cleanup finalizer
// (added before the first cloud call) and deletion by spec.deletionPolicy:
//   Delete -> delete every pool tagged with our uid in every CloudCluster we
//             may have used; requeue 5 s until all are gone, then drop the
//             finalizer. A CloudCluster missing from the cache cannot be
//             reached and is skipped; a failing list() keeps the finalizer.
//   Retain -> Event "Retaining N node pools", drop the finalizer.
#include <chrono>
#include <string>

#include "api/cloudcluster.h"
#include "api/gpupool.h"
#include "api/object_ref.h"
#include "controller/controller.h"
#include "controller/gpupool_sources.h"
#include "controller/gpupool_state.h"
#include "kube/cache.h"
#include "kube/client.h"

namespace gpupool::controller {

inline constexpr const char* kGPUPoolFinalizer = "gpupool.io/cleanup";
inline constexpr std::chrono::seconds kCleanupPoll{5};

struct LifecycleDeps {
  kube::Client& client;
  const kube::Cache<api::CloudCluster>& clusters;
  ProviderSource& providers;
  const api::EventFn& events;
};

// Adds the finalizer unless present (no API call then).
Status ensure_finalizer(kube::Client& client, const api::GPUPool& pool);

// One step of deletion. `done` (returned true) means the finalizer is gone
// and `state` may be forgotten.
Result<Outcome> finalize(const LifecycleDeps& deps, const api::GPUPool& pool, PoolState& state, bool& done);

}  // namespace gpupool::controller
