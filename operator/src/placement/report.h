#pragma once
// What a decision tells the world: status.plan steps, Events and the pool
// conditions, plus when to look again. Internal to decide(); pure.
#include <chrono>
#include <optional>
#include <vector>

#include "api/gpupool.h"
#include "placement/decide.h"

namespace gpupool::placement {

// Per spec target (same order as spec.targets), what changed in this decision.
struct Transition {
  bool failed_now = false;
  bool recovered_now = false;
  bool invalid = false;
  TargetState previous = TargetState::Pending;  // state in the persisted memory
  std::optional<std::chrono::milliseconds> wait;
};

// Fills d.plan, d.events, d.conditions and d.requeue_after from d.targets.
void report(Decision& d, const api::GPUPoolSpec& spec, const std::vector<Transition>& transitions, Time now);

// Ready / Progressing / Degraded for the decision (type, status, reason, message).
std::vector<api::Condition> pool_conditions(const Decision& d, const api::GPUPoolSpec& spec);

// "a: Backoff (Stockout) until 2026-…Z" for every target in Backoff or Error.
std::string unavailable_targets(const Decision& d);

}  // namespace gpupool::placement
