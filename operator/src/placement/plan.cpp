#include "placement/plan.h"

#include "cloud/ownership.h"

namespace gpupool::placement {
namespace {

std::string nodes_text(const TargetAction& a) {
  if (a.autoscaling) return std::to_string(a.min_nodes) + ".." + std::to_string(a.max_nodes) + " nodes (autoscaled)";
  return std::to_string(a.to_nodes) + " nodes (" + std::to_string(a.to_nodes * a.gpus_per_node) + " GPUs)";
}

cloud::CapacityType capacity(api::CapacityType c) {
  switch (c) {
    case api::CapacityType::Spot: return cloud::CapacityType::Spot;
    case api::CapacityType::Reserved: return cloud::CapacityType::Reserved;
    case api::CapacityType::OnDemand: break;
  }
  return cloud::CapacityType::OnDemand;
}

}  // namespace

std::vector<api::PlanStep> plan_steps(const Decision& d) {
  std::vector<api::PlanStep> steps;
  for (const auto& a : d.targets)
    if (a.kind != ActionKind::None)
      steps.push_back({a.target, std::string(to_string(a.kind)), a.from_nodes, a.to_nodes, a.reason});
  return steps;
}

EventNote action_event(const TargetAction& a) {
  std::string t = "target " + a.target + ": ";
  switch (a.kind) {
    case ActionKind::Create: return {"Normal", "CreatingNodePool", t + "creating node pool with " + nodes_text(a)};
    case ActionKind::Resize:
      return {"Normal", "ResizingNodePool", t + "resizing from " + std::to_string(a.from_nodes) + " to " +
                                                nodes_text(a) + ": " + a.reason};
    case ActionKind::Delete: return {"Normal", "DeletingNodePool", t + "deleting node pool: " + a.reason};
    case ActionKind::SetAutoscaling:
      return {"Normal", "SettingAutoscaling",
              t + (a.autoscaling ? "autoscaling " + nodes_text(a) : "turning autoscaling off")};
    case ActionKind::None: break;
  }
  return {};
}

cloud::NodePoolSpec pool_spec(const api::GPUPoolSpec& spec, const api::PoolTarget& target, const TargetAction& action,
                              const cloud::Owner& owner, std::string_view provider) {
  cloud::NodePoolSpec s;
  s.name = cloud::pool_name(provider, owner);
  s.machine_type = target.machine_type;
  s.gpus_per_node = action.gpus_per_node;
  s.node_count = action.to_nodes;
  s.autoscaling = action.autoscaling;
  s.min_nodes = action.min_nodes;
  s.max_nodes = action.max_nodes;
  s.capacity_type = capacity(target.capacity_type);
  s.reservation = target.reservation;
  s.zones = target.zones;
  s.labels = spec.node_template.labels;
  for (const auto& t : spec.node_template.taints) s.taints.push_back({t.key, t.value, t.effect});
  s.owner = owner;
  return s;
}

}  // namespace gpupool::placement
