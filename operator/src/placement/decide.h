#pragma once
// The GPUPool decision core: from the spec, what each target's cloud reports
// and what each target remembers, decide node counts, actions, per-target
// states and memory, conditions and events - in one pure, deterministic step.
// No I/O: the reconciler gathers observations, calls decide(), writes status
// (status.targets from target_status(), status.plan from `plan`, conditions
// via api::set_condition) and, when `mutate`, makes the calls. Thread-safe.
//
// Rules (see sizing.h, placement.h, failover.h, migrate.h for each one):
//  * A target is eligible for new share when it is valid, its CloudCluster is
//    Ready, it is not in backoff and not autoscaled. Others keep only the
//    nodes they have Ready; their share goes to the next eligible targets in
//    the same decision (failures detected now included).
//  * Targets in backoff never grow; a target whose CloudCluster is not Ready
//    is left alone; invalid targets get no share and are left alone.
//  * Removed targets (observed, not in spec) whose pool carries our owner
//    tags are deleted at once: removing a target is the user's wish.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/cloudcluster.h"
#include "api/condition.h"
#include "api/gpupool.h"
#include "cloud/provider.h"
#include "common/error.h"
#include "placement/failover.h"

namespace gpupool::placement {

struct TargetObservation {
  std::string name;                       // spec.targets[].name (or a removed target's)
  std::optional<api::Provider> provider;  // the CloudCluster's provider, when known
  bool cluster_ready = false;             // CloudCluster Ready=True
  std::optional<cloud::NodePool> pool;    // the target's pool as the cloud reports it now; nullopt: none
  std::optional<Error> last_error;        // this target's op/poll error since the previous decision
  TargetMemory memory;                    // memory_from_status() of status.targets[name]
  bool cluster_missing = false;           // cloudClusterRef names no CloudCluster in the namespace
};

enum class ActionKind { None, Create, Resize, Delete, SetAutoscaling };
std::string_view to_string(ActionKind k);

struct TargetAction {
  std::string target;
  ActionKind kind = ActionKind::None;
  int from_nodes = 0;  // pool's desired node count now (0: no pool)
  int to_nodes = 0;    // node count to ask for (autoscaling: the pool's count, or minNodes on Create)
  bool autoscaling = false;
  int min_nodes = 0, max_nodes = 0;  // autoscaler bounds (autoscaling only)
  int gpus_per_node = 0;             // 0 when unknown (UnknownMachineType)
  int ready_gpus = 0;
  TargetState state = TargetState::Pending;
  std::string reason;   // why this action/state, for status.plan and logs
  TargetMemory memory;  // to persist (target_status())
  std::optional<std::chrono::milliseconds> wait;  // Busy/RateLimited: no calls to this target before
  bool removed = false;                           // not in spec any more
};

struct EventNote {
  std::string type;  // Normal | Warning
  std::string reason, message;
  bool operator==(const EventNote&) const = default;
};

struct Decision {
  std::vector<TargetAction> targets;  // spec order, then removed targets
  std::vector<api::PlanStep> plan;    // one step per action other than None
  int desired_gpus = 0;               // spec.gpus
  int placed_gpus = 0;                // GPUs the placement could put somewhere
  int ready_gpus = 0;                 // Ready GPUs over the spec's valid targets
  int shortfall = 0;                  // max(0, spec.gpus - placed_gpus)
  std::vector<api::Condition> conditions;  // Ready, Progressing, Degraded (no times, no generation)
  std::vector<EventNote> events;
  std::optional<std::chrono::milliseconds> requeue_after;  // soonest backoff end / timeout / wait
  bool mutate = false;  // mode Apply and not paused: make the calls; otherwise plan only
};

Decision decide(const api::GPUPoolSpec& spec, const std::vector<TargetObservation>& observed, Time now);

}  // namespace gpupool::placement
