#pragma once
// What the GPUPool reconciler keeps in process memory per GPUPool key, between
// reconciles: operations still running (polled each reconcile; each holds its
// cluster's mutation claim), errors of calls made last time (fed to the next
// decision as last_error), and the last pool seen per target (used when a
// list() fails, so a blip does not look like lost nodes). Losing it all on a
// restart is safe: pools are found again by tags, ops end on their own, and a
// call that collides with a still-running one gets Busy from the cloud (a
// wait, not a failure).
// Thread-safe: take() moves a key's state out, put() returns it; the
// controller never reconciles one key on two workers at once.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cloud/cluster_gate.h"
#include "cloud/provider.h"
#include "common/clock.h"
#include "common/error.h"

namespace gpupool::controller {

struct PendingOp {
  cloud::Operation op;
  std::shared_ptr<cloud::NodePoolProvider> provider;
  std::shared_ptr<cloud::ClusterGate> gate;
  std::string holder;  // the gate claim's name
  Clock::time_point started;  // abandoned (claim released) once op_timeout has passed
};

struct PoolState {
  std::map<std::string, PendingOp> ops;          // target -> running op
  std::map<std::string, Error> errors;           // target -> error for the next decision
  std::map<std::string, cloud::NodePool> seen;   // target -> last listed pool
  std::vector<std::string> wake;                 // GPUPools waiting for a cluster claim we released
  // This reconcile's reading of the injected Clock and how long an op may
  // run. Set by the reconciler before every step (deletion included) so op
  // ages are measured one way wherever ops are started or polled.
  Clock::time_point now{};
  std::chrono::milliseconds op_timeout{std::chrono::minutes(20)};
};

class PoolStates {
 public:
  PoolState take(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = states_.find(key);
    if (it == states_.end()) return {};
    PoolState s = std::move(it->second);
    states_.erase(it);
    return s;
  }
  void put(const std::string& key, PoolState s) {
    std::lock_guard lock(mu_);
    states_[key] = std::move(s);
  }

 private:
  std::mutex mu_;
  std::map<std::string, PoolState> states_;
};

}  // namespace gpupool::controller
