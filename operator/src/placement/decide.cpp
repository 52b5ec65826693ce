#include "placement/decide.h"

#include <algorithm>

#include "api/time_format.h"
#include "placement/migrate.h"
#include "placement/placement.h"
#include "placement/report.h"
#include "placement/sizing.h"

namespace gpupool::placement {
namespace {

// One spec target on its way through the decision.
struct Work {
  const api::PoolTarget* target = nullptr;
  TargetObservation obs;
  SizedTarget sized;
  std::optional<Invalid> invalid;  // sizing or ownership problem: no share, hands off
  FailoverStep fo;
  bool actable = false;   // valid and CloudCluster Ready: we may call its cloud
  bool eligible = false;  // may get new share
  int have = 0, ready = 0;
  int ideal = 0, desired = 0;
};

Work assess(const api::GPUPoolSpec& spec, const api::PoolTarget& t, const TargetObservation* o, Time now) {
  Work w;
  w.target = &t;
  w.obs = o ? *o : TargetObservation{t.name, std::nullopt, false, std::nullopt, std::nullopt, {}};
  const MachineType* m = find_machine_type(t.machine_type);
  auto provider = w.obs.provider ? w.obs.provider : (m ? std::optional(m->provider) : std::nullopt);
  w.sized = size_target(t, spec.gpu_type, w.obs.provider, zone_multiple(t, provider, w.obs.pool));
  w.invalid = w.sized.invalid;
  // A missing CloudCluster is a spec error to report, not a wait for Ready.
  if (!w.invalid && w.obs.cluster_missing)
    w.invalid = Invalid{"CloudClusterNotFound", "CloudCluster " + t.cloud_cluster_ref + " does not exist"};
  if (w.obs.pool) {
    w.have = w.obs.pool->desired_nodes;
    w.ready = w.obs.pool->ready_nodes;
    // Never resize a same-named pool someone else made.
    if (!w.invalid && !w.obs.pool->owner)
      w.invalid = Invalid{"NodePoolNotOwned", "node pool " + w.obs.pool->name + " lacks our owner tags"};
  }
  w.fo = step_failover(w.obs.memory, w.obs.pool, w.obs.last_error, spec.failover, now);
  w.actable = !w.invalid && w.obs.cluster_ready;
  w.eligible = w.actable && !w.fo.in_backoff && !t.autoscaling;
  return w;
}

// Ineligible targets are capped at the Ready nodes they already have (whole
// racks, never more than the pool is sized to): no new share.
Slot slot_of(const Work& w) {
  const SizedTarget& z = w.sized;
  Slot s{z.gpus_per_node, z.rack, z.lo, z.hi, std::max(1, w.target->weight), w.target->priority, z.price};
  if (!w.eligible) {
    int kept = std::min(round_up(w.ready, z.rack), w.have);
    s.lo = std::min(s.lo, kept);
    s.hi = std::max(s.lo, z.hi ? std::min(*z.hi, kept) : kept);
  }
  return s;
}

MoveSlot move_of(const Work& w) {
  MoveSlot m{w.sized.gpus_per_node, w.sized.rack, w.have, w.ready, w.ideal, w.sized.hi, w.eligible};
  if (!w.actable || w.target->autoscaling) m.ideal = w.have;  // not ours to size now
  else if (w.fo.in_backoff) m.ideal = std::min(std::max(w.ideal, w.sized.lo), w.have);  // never grow in backoff
  return m;
}

// Placement, then make-before-break, over the valid targets.
Placement place_all(const api::GPUPoolSpec& spec, std::vector<Work>& works) {
  std::vector<std::size_t> idx;
  std::vector<Slot> slots;
  for (std::size_t i = 0; i < works.size(); ++i)
    if (!works[i].invalid) idx.push_back(i), slots.push_back(slot_of(works[i]));
  Placement p = place(spec.strategy, spec.gpus, slots);
  std::vector<MoveSlot> moves;
  for (std::size_t k = 0; k < idx.size(); ++k) {
    works[idx[k]].ideal = p.nodes[k];
    moves.push_back(move_of(works[idx[k]]));
  }
  std::vector<int> desired = make_before_break(spec.gpus, moves, preference_order(spec.strategy, slots));
  for (std::size_t k = 0; k < idx.size(); ++k) works[idx[k]].desired = desired[k];
  return p;
}

ActionKind autoscaling_kind(const Work& w, int lo, int hi) {
  const auto& pool = w.obs.pool;
  if (!pool) return ActionKind::Create;
  bool same = pool->autoscaling && pool->min_nodes == lo && pool->max_nodes == hi;
  return same ? ActionKind::None : ActionKind::SetAutoscaling;
}

ActionKind kind_of(const Work& w) {
  if (!w.actable) return ActionKind::None;
  const auto& pool = w.obs.pool;
  if (w.target->autoscaling) return autoscaling_kind(w, w.sized.lo, w.sized.hi.value_or(w.sized.lo));
  if (!pool) return w.desired > 0 ? ActionKind::Create : ActionKind::None;
  if (pool->autoscaling) return ActionKind::SetAutoscaling;  // hand sizing back to us first
  return w.desired != pool->desired_nodes ? ActionKind::Resize : ActionKind::None;
}

TargetState state_of(const Work& w, const TargetAction& a, bool mutate) {
  if (w.invalid) return TargetState::Error;
  if (w.fo.in_backoff)
    return w.fo.memory.state == TargetState::Error ? TargetState::Error : TargetState::Backoff;
  if (!w.obs.cluster_ready) return TargetState::Pending;
  const auto& pool = w.obs.pool;
  if (mutate && a.kind == ActionKind::Create) return TargetState::Provisioning;
  if (!pool) return a.to_nodes > 0 ? TargetState::Pending : TargetState::Ready;
  if (mutate && a.kind == ActionKind::SetAutoscaling) return TargetState::Resizing;
  int asked = mutate ? a.to_nodes : pool->desired_nodes;
  if (asked < pool->desired_nodes || pool->current_nodes > asked) return TargetState::Resizing;
  return pool->ready_nodes < asked ? TargetState::Provisioning : TargetState::Ready;
}

std::string reason_of(const Work& w, const TargetAction& a) {
  if (w.invalid) return w.invalid->reason + ": " + w.invalid->message;
  if (w.fo.in_backoff) {
    const auto& e = w.fo.memory.last_error;
    return "in backoff after " + (e ? e->reason : std::string("a failure")) + "; keeping Ready nodes only";
  }
  if (!w.obs.cluster_ready) return "CloudCluster " + w.target->cloud_cluster_ref + " is not Ready";
  if (w.target->autoscaling) return "cloud autoscaler between " + std::to_string(a.min_nodes) + " and " +
                                    std::to_string(a.max_nodes) + " nodes";
  if (a.to_nodes > w.ideal) return "make-before-break: holding nodes until the replacement is Ready";
  return "placement wants " + std::to_string(w.ideal) + " nodes";
}

TargetAction action_of(const Work& w, bool mutate, Time now) {
  TargetAction a;
  a.target = w.target->name;
  a.kind = kind_of(w);
  a.from_nodes = w.have;
  a.to_nodes = w.invalid ? w.have : w.desired;
  a.autoscaling = w.target->autoscaling;
  if (a.autoscaling) {
    a.min_nodes = w.sized.lo;
    a.max_nodes = w.sized.hi.value_or(w.sized.lo);
    a.to_nodes = w.obs.pool ? w.have : a.min_nodes;
  }
  a.gpus_per_node = w.sized.gpus_per_node;
  a.ready_gpus = w.ready * w.sized.gpus_per_node;
  a.state = state_of(w, a, mutate);
  a.reason = reason_of(w, a);
  a.memory = w.fo.memory;
  a.memory.state = a.state;
  // The timer runs on what the cloud is asked for: our count when we call,
  // the pool's own otherwise (plan mode, hands off, autoscaled).
  bool we_ask = mutate && w.actable && !a.autoscaling;
  track_provisioning(a.memory, we_ask ? a.to_nodes : (a.autoscaling ? w.ready : w.have), w.ready, now);
  a.wait = w.fo.wait;
  return a;
}

TargetAction removed_action(const TargetObservation& o, bool mutate) {
  TargetAction a;
  a.target = o.name;
  a.removed = true;
  a.from_nodes = o.pool->desired_nodes;
  a.kind = o.cluster_ready ? ActionKind::Delete : ActionKind::None;
  a.state = mutate || !o.cluster_ready ? TargetState::Deleting : o.memory.state;
  a.reason = o.cluster_ready ? "target removed from spec" : "target removed from spec; waiting for its CloudCluster";
  a.memory = o.memory;
  a.memory.state = a.state;
  return a;
}

void add_removed(Decision& d, const api::GPUPoolSpec& spec, const std::vector<TargetObservation>& observed) {
  for (const auto& o : observed) {
    bool in_spec = std::any_of(spec.targets.begin(), spec.targets.end(), [&](auto& t) { return t.name == o.name; });
    if (!in_spec && o.pool && o.pool->owner) d.targets.push_back(removed_action(o, d.mutate));
  }
}

const TargetObservation* find(const std::vector<TargetObservation>& observed, const std::string& name) {
  for (const auto& o : observed)
    if (o.name == name) return &o;
  return nullptr;
}

}  // namespace

std::string_view to_string(ActionKind k) {
  switch (k) {
    case ActionKind::Create: return "Create";
    case ActionKind::Resize: return "Resize";
    case ActionKind::Delete: return "Delete";
    case ActionKind::SetAutoscaling: return "SetAutoscaling";
    case ActionKind::None: break;
  }
  return "None";
}

Decision decide(const api::GPUPoolSpec& spec, const std::vector<TargetObservation>& observed, Time now) {
  Decision d;
  d.desired_gpus = spec.gpus;
  d.mutate = spec.mode == api::PoolMode::Apply && !spec.paused;
  std::vector<Work> works;
  for (const auto& t : spec.targets) works.push_back(assess(spec, t, find(observed, t.name), now));
  Placement p = place_all(spec, works);
  d.placed_gpus = p.placed_gpus;
  d.shortfall = p.shortfall;
  std::vector<Transition> transitions;
  for (const auto& w : works) {
    d.targets.push_back(action_of(w, d.mutate, now));
    if (!w.invalid) d.ready_gpus += d.targets.back().ready_gpus;
    transitions.push_back({w.fo.failed_now, w.fo.recovered_now, w.invalid.has_value(),
                           w.obs.memory.state, w.fo.wait});
  }
  add_removed(d, spec, observed);
  report(d, spec, transitions, now);
  return d;
}

}  // namespace gpupool::placement
