#pragma once
// Status step of the GPUPool reconciler: the status a decision wants
// (desiredGPUs, readyGPUs, conditions, status.targets via target_status(),
// status.plan, observedGeneration) and writing it only when it changed.
// Pure apart from write_pool_status().
#include <functional>
#include <string>

#include "api/gpupool.h"
#include "controller/gpupool_observe.h"
#include "controller/status_writer.h"
#include "placement/decide.h"

namespace gpupool::controller {

// Marks NameConflict targets Error with lastError reason NameConflict (its
// time kept from status while the message is unchanged, so status settles).
void mark_conflicts(placement::Decision& d, const Observed& observed, const api::GPUPool& pool,
                    const std::string& now);

// The status for `pool` after decision `d` (conditions set with `now`).
api::GPUPoolStatus decided_status(const api::GPUPool& pool, const placement::Decision& d, const Observed& observed,
                                  const std::string& now);

// Paused: Progressing=False reason Paused; everything else kept.
api::GPUPoolStatus paused_status(const api::GPUPool& pool, const std::string& now);

// Writes want(pool) unless it equals pool.status; on conflicts `want` is
// re-applied to the fresh status (it must be a pure function of it).
Status write_pool_status(StatusWriter& writer, const api::GPUPool& pool,
                         const std::function<api::GPUPoolStatus(const api::GPUPool&)>& want);

}  // namespace gpupool::controller
