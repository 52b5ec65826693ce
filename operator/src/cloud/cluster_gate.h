#pragma once
// ClusterGate: the client-side discipline for one CloudCluster.
//  * A request rate limit (spec.maxRequestsPerSecond) on a TokenBucket:
//    acquire() blocks the caller (on the injected Clock) until it may send.
//  * At most one mutating operation in flight: try_begin_mutation() claims the
//    cluster for an operation, end_mutation() releases it when the operation
//    is done (all four clouds punish concurrent node-pool mutations).
// Thread-safe. ClusterGates hands out one gate per cluster key.
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/token_bucket.h"

namespace gpupool::cloud {

class ClusterGate {
 public:
  // `max_rps` <= 0 means unlimited; burst defaults to max(1, ceil(max_rps)).
  ClusterGate(double max_rps, Clock& clock, int burst = 0);

  // Blocks until a request may be sent. Never fails.
  void acquire();
  // Takes a request token without waiting; false if none is free.
  bool try_acquire();

  // Claims the cluster for one mutation named `holder` (e.g. "create gp-a").
  // False when another mutation holds it.
  bool try_begin_mutation(const std::string& holder);
  // Releases the claim if `holder` holds it (a stale end is ignored) and
  // returns the waiters to wake (empty when nothing was released).
  std::vector<std::string> end_mutation(const std::string& holder);
  // `waiter` (a GPUPool key) was refused the claim: the end_mutation() that
  // releases it returns the waiter, so it is woken instead of polling.
  void wait_for_release(const std::string& waiter);
  // The current holder, if any.
  std::optional<std::string> mutation_holder() const;

  // Replaces the rate limit (spec changed); the mutation claim is kept.
  void set_rate(double max_rps, int burst = 0);
  double rate() const;

 private:
  std::shared_ptr<TokenBucket> bucket() const;

  Clock& clock_;
  double rate_ = 0;
  std::shared_ptr<TokenBucket> bucket_;  // null: unlimited
  mutable std::mutex mu_;
  std::optional<std::string> holder_;
  std::set<std::string> waiters_;
};

// One gate per cluster key ("namespace/name" of the CloudCluster).
class ClusterGates {
 public:
  explicit ClusterGates(Clock& clock) : clock_(clock) {}
  // The gate for `key`, created on first use with `max_rps`. A later call
  // with a different rate updates the gate's limiter (spec changed).
  std::shared_ptr<ClusterGate> gate(const std::string& key, double max_rps);
  void forget(const std::string& key);

 private:
  Clock& clock_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<ClusterGate>> gates_;
};

}  // namespace gpupool::cloud
