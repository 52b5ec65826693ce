#include "sim/coreweave/pool_step.h"

#include <algorithm>

namespace gpupool::sim::coreweave {

namespace {
using Nodes = std::vector<Clock::time_point>;

int booted(const Nodes& n, Clock::time_point now) {
  return static_cast<int>(std::count_if(n.begin(), n.end(), [&](auto t) { return t <= now; }));
}

// New nodes boot staggered over the provisioning time, like World::ready_schedule.
void add_nodes(Nodes& n, int count, const StepInput& in) {
  for (int i = 0; i < count; ++i) n.push_back(in.now + in.provisioning * (i + 1) / count);
}

// Booting nodes go first (latest first); then idle ready nodes. IdleOnly
// never removes a busy node, so the pool can stay above its target.
void remove_nodes(Nodes& n, int excess, const StepInput& in) {
  std::sort(n.begin(), n.end());
  while (excess > 0 && !n.empty() && n.back() > in.now) {
    n.pop_back();
    --excess;
  }
  int removable = booted(n, in.now) - (in.idle_only ? std::min(in.busy_nodes, booted(n, in.now)) : 0);
  int k = std::min(excess, std::max(0, removable));
  n.erase(n.end() - k, n.end());
}

StepOutcome describe(const Nodes& n, const StepInput& in, bool stalled) {
  StepOutcome o;
  o.current = booted(n, in.now);
  const int have = static_cast<int>(n.size());
  const std::string of = std::to_string(o.current) + " of " + std::to_string(in.target);
  if (!in.quota_message.empty() && have < in.target) {
    o.reason = kQuotaExceeded;
    o.message = in.quota_message;
  } else if (stalled) {
    o.reason = kInsufficientCapacity;
    o.message = "insufficient capacity for instance type " + in.instance_type + " in zone " + in.zone + ": " +
                std::to_string(have) + " of " + std::to_string(in.target) + " nodes could be allocated";
  } else if (have > in.target) {
    // Removal is immediate here, so only IdleOnly's busy nodes can remain.
    o.reason = in.idle_only ? kWaitingForIdleNodes : kScalingDown;
    o.message = in.idle_only ? "scaleDownStrategy IdleOnly: " + std::to_string(have - in.target) +
                           " node(s) above target stay until their workloads finish"
                         : "removing nodes: " + std::to_string(have) + " nodes, target " + std::to_string(in.target);
  } else if (o.current < in.target) {
    o.reason = kScalingUp;
    o.message = "provisioning nodes: " + of + " nodes ready";
  } else {
    o.at_target = true;
    o.reason = kTargetMet;
    o.message = "node pool is at its target of " + std::to_string(in.target) + " nodes";
  }
  return o;
}
}  // namespace

StepOutcome step_pool(Nodes& ready_at, const StepInput& in) {
  const int have = static_cast<int>(ready_at.size());
  bool stalled = false;
  if (have < in.target && in.quota_message.empty()) {
    // Quota fails the whole request (no partial fill); capacity fills what it can.
    int room = std::max(0, in.capacity_room - have);
    int add = std::min(in.target - have, room);
    add_nodes(ready_at, add, in);
    stalled = add < in.target - have;
  } else if (have > in.target) {
    remove_nodes(ready_at, have - in.target, in);
  }
  return describe(ready_at, in, stalled);
}

}  // namespace gpupool::sim::coreweave
