#pragma once
// Plan: the decision's actions as status.plan steps and Events, and the
// NodePoolSpec a Create action asks for. Pure; thread-safe.
#include <string_view>
#include <vector>

#include "api/gpupool.h"
#include "cloud/provider.h"
#include "placement/decide.h"

namespace gpupool::placement {

// One step per target whose action is not None, in decision order:
// {target, "Create"|"Resize"|"Delete"|"SetAutoscaling", fromNodes, toNodes, reason}.
std::vector<api::PlanStep> plan_steps(const Decision& d);

// The Normal Event for a call the reconciler has started (Create, Resize,
// Delete, SetAutoscaling); emitted only once the cloud accepted the call.
EventNote action_event(const TargetAction& a);

// The pool a Create action asks for. `provider`: "GKE" | "AKS" | "OKE" |
// "CoreWeave" (names the pool, see cloud/ownership.h).
cloud::NodePoolSpec pool_spec(const api::GPUPoolSpec& spec, const api::PoolTarget& target, const TargetAction& action,
                              const cloud::Owner& owner, std::string_view provider);

}  // namespace gpupool::placement
