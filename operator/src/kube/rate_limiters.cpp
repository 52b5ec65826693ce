#include "kube/rate_limiters.h"

#include <algorithm>
#include <cmath>

namespace gpupool::kube {

ItemExponentialRateLimiter::ItemExponentialRateLimiter(Clock::duration base, Clock::duration max)
    : base_(base), max_(max) {}

Clock::duration ItemExponentialRateLimiter::when(const std::string& key) {
  std::lock_guard lock(mu_);
  const int exp = failures_[key]++;
  // Compute in double so large exponents saturate instead of overflowing.
  const double d = static_cast<double>(base_.count()) * std::pow(2.0, std::min(exp, 62));
  if (d >= static_cast<double>(max_.count())) return max_;
  return Clock::duration(static_cast<Clock::duration::rep>(d));
}

void ItemExponentialRateLimiter::forget(const std::string& key) {
  std::lock_guard lock(mu_);
  failures_.erase(key);
}

int ItemExponentialRateLimiter::num_requeues(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(key);
  return it == failures_.end() ? 0 : it->second;
}

MaxOfRateLimiter::MaxOfRateLimiter(std::vector<std::unique_ptr<RateLimiter>> limiters)
    : limiters_(std::move(limiters)) {}

Clock::duration MaxOfRateLimiter::when(const std::string& key) {
  Clock::duration longest = Clock::duration::zero();
  for (auto& l : limiters_) longest = std::max(longest, l->when(key));
  return longest;
}

void MaxOfRateLimiter::forget(const std::string& key) {
  for (auto& l : limiters_) l->forget(key);
}

int MaxOfRateLimiter::num_requeues(const std::string& key) {
  int most = 0;
  for (auto& l : limiters_) most = std::max(most, l->num_requeues(key));
  return most;
}

std::unique_ptr<RateLimiter> default_controller_rate_limiter(Clock& clock) {
  std::vector<std::unique_ptr<RateLimiter>> parts;
  parts.push_back(std::make_unique<ItemExponentialRateLimiter>(std::chrono::milliseconds(5),
                                                               std::chrono::seconds(1000)));
  parts.push_back(std::make_unique<BucketRateLimiter>(10.0, 100, clock));
  return std::make_unique<MaxOfRateLimiter>(std::move(parts));
}

}  // namespace gpupool::kube
