#pragma once
// NodePool status as the simulated CKS writes it: currentNodes plus the
// `Validated` and `AtTarget` conditions, each with observedGeneration and a
// lastTransitionTime kept while the condition's status does not change.
// Pure; thread-safe.
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/coreweave/pool_step.h"

namespace gpupool::sim::coreweave {

nlohmann::json pool_status(const nlohmann::json& old_status, const StepOutcome& outcome, long generation,
                           std::chrono::system_clock::time_point now);

// RFC 3339 UTC with seconds ("2024-01-01T00:00:00Z").
std::string rfc3339(std::chrono::system_clock::time_point t);

}  // namespace gpupool::sim::coreweave
