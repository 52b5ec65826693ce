#pragma once
// Work-queue rate limiters, after client-go util/workqueue default_rate_limiters.go.
// A RateLimiter answers "how long should this key wait before its next retry"
// and remembers per-key failure counts until forget(). All implementations
// here are thread-safe.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/token_bucket.h"

namespace gpupool::kube {

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Delay before `key` may be retried; counts one more failure for it.
  virtual Clock::duration when(const std::string& key) = 0;
  // Resets `key`'s failure history (call after a success).
  virtual void forget(const std::string& key) = 0;
  // Failures recorded for `key` since the last forget().
  virtual int num_requeues(const std::string& key) = 0;
};

// base * 2^failures per key, capped at `max` (client-go ItemExponentialFailureRateLimiter).
class ItemExponentialRateLimiter final : public RateLimiter {
 public:
  ItemExponentialRateLimiter(Clock::duration base, Clock::duration max);
  Clock::duration when(const std::string& key) override;
  void forget(const std::string& key) override;
  int num_requeues(const std::string& key) override;

 private:
  std::mutex mu_;
  Clock::duration base_, max_;
  std::map<std::string, int> failures_;
};

// One token bucket shared by all keys (client-go BucketRateLimiter); tracks no
// per-key state.
class BucketRateLimiter final : public RateLimiter {
 public:
  BucketRateLimiter(double qps, int burst, Clock& clock) : bucket_(qps, burst, clock) {}
  Clock::duration when(const std::string&) override { return bucket_.reserve(); }
  void forget(const std::string&) override {}
  int num_requeues(const std::string&) override { return 0; }

 private:
  TokenBucket bucket_;
};

// The longest delay of its members (client-go MaxOfRateLimiter).
class MaxOfRateLimiter final : public RateLimiter {
 public:
  explicit MaxOfRateLimiter(std::vector<std::unique_ptr<RateLimiter>> limiters);
  Clock::duration when(const std::string& key) override;
  void forget(const std::string& key) override;
  int num_requeues(const std::string& key) override;

 private:
  std::vector<std::unique_ptr<RateLimiter>> limiters_;
};

// client-go DefaultTypedControllerRateLimiter: max of per-item 5 ms * 2^n
// (cap 1000 s) and an overall bucket of 10 qps, burst 100.
std::unique_ptr<RateLimiter> default_controller_rate_limiter(Clock& clock);

}  // namespace gpupool::kube
