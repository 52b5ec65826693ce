#pragma once
// Where TargetMemory lives between decisions (and across operator restarts):
// GPUPool status.targets[name]. Exactly:
//   memory.state              <-> status.targets[].state
//   memory.backoff_until      <-> status.targets[].backoffUntil (RFC 3339; kept after
//                                 expiry until the backoff ladder resets, then "")
//   memory.last_error         <-> status.targets[].lastError {reason, message, time}
//   memory.failures           <-  derived: the n with backoff_for(n) = backoffUntil - lastError.time
//                                 (0 when backoffUntil is empty)
//   memory.provisioning_since    not persisted: after a restart the timer starts again
//                                 when the pool is seen with fewer Ready nodes than asked
//                                 (a restart can delay a timeout failover by at most one
//                                 provisioningTimeout)
// Pure; thread-safe.
#include <string>

#include "api/gpupool.h"
#include "placement/decide.h"

namespace gpupool::placement {

TargetMemory memory_from_status(const api::TargetStatus& status, const api::Failover& failover);

// Memory for target `name` in `status`; default memory when it has no entry.
TargetMemory memory_for(const api::GPUPoolStatus& status, const std::string& name, const api::Failover& failover);

// The status.targets[] entry for an action. `mutate`: the decision's calls
// are made (desiredNodes is what we asked; otherwise what the pool has).
api::TargetStatus target_status(const TargetAction& action, const TargetObservation& observed, bool mutate);

}  // namespace gpupool::placement
