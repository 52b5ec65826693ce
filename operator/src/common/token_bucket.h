#pragma once
// Token bucket rate limiter (client-go flowcontrol / workqueue BucketRateLimiter):
// `qps` tokens per second, at most `burst` stored. Thread-safe.
#include <algorithm>
#include <chrono>
#include <mutex>

#include "common/clock.h"

namespace gpupool {

class TokenBucket {
 public:
  TokenBucket(double qps, int burst, Clock& clock)
      : qps_(qps), burst_(std::max(1, burst)), tokens_(std::max(1, burst)), last_(clock.now()), clock_(clock) {}

  // Takes a token now if one is available.
  bool try_take() {
    std::lock_guard lock(mu_);
    refill();
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

  // New rate and burst from now on; tokens already spent (or reserved) stay
  // spent, so a rate change never hands out a second burst.
  void set_rate(double qps, int burst) {
    std::lock_guard lock(mu_);
    refill();
    qps_ = qps;
    burst_ = std::max(1, burst);
    tokens_ = std::min<double>(tokens_, burst_);
  }

  // Reserves a token and returns how long the caller must wait before using
  // it (zero if available now). Reservations queue up fairly.
  Clock::duration reserve() {
    std::lock_guard lock(mu_);
    refill();
    tokens_ -= 1.0;
    if (tokens_ >= 0.0 || qps_ <= 0.0) return Clock::duration::zero();
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(-tokens_ / qps_));
  }

 private:
  void refill() {
    auto now = clock_.now();
    double elapsed = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    tokens_ = std::min<double>(burst_, tokens_ + elapsed * qps_);
  }

  std::mutex mu_;
  double qps_;
  int burst_;
  double tokens_;
  Clock::time_point last_;
  Clock& clock_;
};

}  // namespace gpupool
