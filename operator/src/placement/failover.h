#pragma once
// Failover: per-target memory across decisions and the rules that move a
// target into and out of backoff.
//   failure  = ResourceExhausted (stockout or quota) -> state Backoff;
//              InvalidArgument, FailedPrecondition, PermissionDenied,
//              Unauthenticated -> state Error (both retried after backoff);
//              nodes not Ready within failover.provisioningTimeout -> Backoff.
//   backoff  = initialBackoff * 2^(failures-1), capped at maxBackoff;
//              backoffUntil = failure time + backoff.
//   wait     = Busy, RateLimited: not a failure, hold calls for retry_after.
//   other    = Unavailable, Timeout, Conflict, ...: the controller's retry
//              policy handles them; a stuck pool ends in the timeout anyway.
//   recovery = now >= backoffUntil: eligible again (the ladder stays until a
//              provisioning round succeeds or maxBackoff passes quietly).
// Pure; thread-safe.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "api/gpupool.h"
#include "cloud/provider.h"
#include "common/error.h"

namespace gpupool::placement {

using Time = std::chrono::system_clock::time_point;

enum class TargetState { Pending, Provisioning, Ready, Resizing, Backoff, Error, Deleting };
std::string_view to_string(TargetState s);
TargetState parse_state(std::string_view s);  // unknown or "" -> Pending

// What a target remembers between decisions. Persisted in
// status.targets[] (see memory.h for the exact mapping).
struct TargetMemory {
  TargetState state = TargetState::Pending;
  int failures = 0;                            // consecutive failures (backoff ladder step)
  std::optional<Time> backoff_until;           // kept after expiry until the ladder resets
  std::optional<api::TargetError> last_error;  // the error that caused the last failure
  std::optional<Time> provisioning_since;      // asked for nodes that are not Ready yet
  bool operator==(const TargetMemory&) const = default;
};

enum class ErrorClass { Failure, HardFailure, Wait, Transient };
ErrorClass classify(const Error& e);

// Backoff after the n-th consecutive failure (n >= 1).
std::chrono::milliseconds backoff_for(int failures, const api::Failover& f);

// The failure-side outcome of one decision for one target.
struct FailoverStep {
  TargetMemory memory;                            // updated (failure recorded, ladder reset, ...)
  bool failed_now = false;                        // new failure in this decision: share moves now
  bool recovered_now = false;                     // backoff ended since the last decision
  bool in_backoff = false;                        // no new share in this decision
  std::optional<std::chrono::milliseconds> wait;  // Busy/RateLimited: hold calls this long
};

// `last_error`: the classified error of this target's operation or poll
// since the previous decision (not the persisted one). Errors arriving while
// already in backoff are the same failure and are ignored.
FailoverStep step_failover(const TargetMemory& memory, const std::optional<cloud::NodePool>& pool,
                           const std::optional<Error>& last_error, const api::Failover& failover, Time now);

// After the decision: runs the provisioning timer while more nodes are asked
// for (`asked`) than are Ready, and stops it otherwise.
void track_provisioning(TargetMemory& memory, int asked, int ready, Time now);

}  // namespace gpupool::placement
