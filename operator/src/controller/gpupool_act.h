#pragma once
// Act step of the GPUPool reconciler: polls running operations and makes the
// calls an Apply decision asks for. At most one mutation per CloudCluster is
// in flight (the cluster gate's claim, held until the operation is done); a
// busy cluster or a failed call only means "look again soon". Call errors go
// to state.errors and reach the next decision as last_error.
// An operation still not done state.op_timeout after it started (on the
// injected Clock) is abandoned: a cloud that never finishes it, or
// whose poll keeps answering Busy/Unavailable, must not hold the cluster's
// claim - and so every other GPUPool on that cluster - forever.
#include <string>
#include <vector>

#include "api/gpupool.h"
#include "controller/gpupool_observe.h"
#include "controller/gpupool_state.h"
#include "placement/decide.h"

namespace gpupool::controller {

// An operation abandoned at its deadline; its Timeout error is also in
// state.errors (it reaches the next decision as last_error).
struct TimedOutOp {
  std::string target;
  Error error;
};

// Polls every running operation; finished ones release their claim and leave
// their error (if any) in state.errors. Busy/RateLimited/transient poll
// failures keep the operation until it is state.op_timeout old; then it is
// dropped like a failed one, with a Timeout error. Returns those.
std::vector<TimedOutOp> poll_ops(const std::string& key, PoolState& state);

// Releases every claim held by `state` (the GPUPool is going away).
void release_ops(PoolState& state);

// A call the cloud accepted (for its Event and metrics).
struct StartedCall {
  placement::TargetAction action;
  std::string provider;  // "GKE" ...
};

struct ActResult {
  std::vector<StartedCall> started;  // mutating calls made
  bool blocked = false;              // a call failed: requeue soon
  bool claim_busy = false;           // another GPUPool's operation holds a cluster: woken when it ends
};

// Makes the decision's calls (only when d.mutate).
ActResult execute(const api::GPUPool& pool, const placement::Decision& d, const ClusterViews& views,
                  const Observed& observed, PoolState& state);

// Starts deleting `np` in `view`'s cloud for `target` (finalizer path).
bool start_delete(const std::string& key, const std::string& target, const ClusterView& view,
                  const cloud::NodePool& np, PoolState& state);

}  // namespace gpupool::controller
