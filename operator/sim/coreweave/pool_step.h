#pragma once
// One reconcile step of a simulated CKS node pool, as pure arithmetic over
// the pool's nodes: boot new nodes toward the target (within the capacity
// room the World grants; nothing at all when the target exceeds quota),
// remove nodes above it (booting ones first; with IdleOnly only idle ready
// nodes), and say which AtTarget reason/message the status should show.
// Pure; thread-compatible.
#include <climits>
#include <string>
#include <vector>

#include "src/common/clock.h"

namespace gpupool::sim::coreweave {

// AtTarget condition reasons the simulator writes (CoreWeave's exact current
// names are unverified, cloud-apis.md §4.3; clients key on the counts).
inline constexpr const char* kTargetMet = "TargetMet";
inline constexpr const char* kScalingUp = "ScalingUp";
inline constexpr const char* kScalingDown = "ScalingDown";
inline constexpr const char* kInsufficientCapacity = "InsufficientCapacity";
inline constexpr const char* kWaitingForIdleNodes = "WaitingForIdleNodes";
inline constexpr const char* kQuotaExceeded = "QuotaExceeded";

struct StepInput {
  int target = 0;
  bool idle_only = true;            // lifecycle.scaleDownStrategy IdleOnly
  int busy_nodes = 0;               // ready nodes running work (IdleOnly keeps them)
  int capacity_room = INT_MAX;      // most nodes this pool may hold right now
  std::string quota_message;        // non-empty: the target exceeds quota
  std::string instance_type, zone;  // for messages
  Clock::time_point now;
  Clock::duration provisioning{};   // time for a batch of new nodes to boot
};

struct StepOutcome {
  int current = 0;          // booted and registered nodes (status.currentNodes)
  bool at_target = false;
  std::string reason, message;  // AtTarget reason/message
};

// `ready_at` holds one entry per node that exists or boots; it is updated.
StepOutcome step_pool(std::vector<Clock::time_point>& ready_at, const StepInput& in);

}  // namespace gpupool::sim::coreweave
