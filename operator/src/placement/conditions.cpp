// Pool conditions (declared in report.h): Ready, Progressing, Degraded.
#include "placement/report.h"

namespace gpupool::placement {
namespace {

api::Condition condition(const char* type, std::string_view status, const char* reason, std::string message) {
  return api::Condition{type, std::string(status), 0, "", reason, std::move(message)};
}

std::string gpus_text(const Decision& d) {
  return std::to_string(d.ready_gpus) + "/" + std::to_string(d.desired_gpus) + " GPUs Ready";
}

api::Condition progressing(const Decision& d, const api::GPUPoolSpec& spec) {
  std::string moving;
  for (const auto& a : d.targets) {
    bool busy = a.state == TargetState::Provisioning || a.state == TargetState::Resizing ||
                a.state == TargetState::Deleting || (d.mutate && a.kind != ActionKind::None);
    if (busy) moving += (moving.empty() ? "" : ", ") + a.target + " " + std::string(to_string(a.state));
  }
  std::string planned = std::to_string(d.plan.size()) + " change(s) planned";
  if (spec.paused) return condition("Progressing", api::kConditionFalse, "Paused", "spec.paused; " + planned);
  if (spec.mode == api::PoolMode::Plan)
    return condition("Progressing", api::kConditionFalse, "PlanOnly", "mode Plan; " + planned + " in status.plan");
  if (!moving.empty()) return condition("Progressing", api::kConditionTrue, "Scaling", moving);
  return condition("Progressing", api::kConditionFalse, "Stable", gpus_text(d));
}

api::Condition degraded(const Decision& d) {
  std::string unavailable = unavailable_targets(d);
  if (d.shortfall > 0)
    return condition("Degraded", api::kConditionTrue, "InsufficientCapacity",
                     "shortfall of " + std::to_string(d.shortfall) + " GPUs: eligible targets can hold " +
                         std::to_string(d.placed_gpus) + " of " + std::to_string(d.desired_gpus) +
                         (unavailable.empty() ? "" : "; " + unavailable));
  if (!unavailable.empty()) return condition("Degraded", api::kConditionTrue, "TargetsUnavailable", unavailable);
  return condition("Degraded", api::kConditionFalse, "AsExpected", "");
}

}  // namespace

std::vector<api::Condition> pool_conditions(const Decision& d, const api::GPUPoolSpec& spec) {
  bool ready = d.ready_gpus >= d.desired_gpus;
  return {condition("Ready", ready ? api::kConditionTrue : api::kConditionFalse, ready ? "GPUsReady" : "WaitingForGPUs",
                    gpus_text(d)),
          progressing(d, spec), degraded(d)};
}

}  // namespace gpupool::placement
