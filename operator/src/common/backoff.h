#pragma once
// Exponential backoff with optional jitter: base * 2^failures, capped.
// Not thread-safe; own one per retry loop.
#include <algorithm>
#include <chrono>
#include <random>

namespace gpupool {

class Backoff {
 public:
  using ms = std::chrono::milliseconds;
  Backoff(ms initial, ms max, double jitter = 0.0) : initial_(initial), max_(max), jitter_(jitter) {}

  // Delay for the next attempt; each call doubles the base delay up to max.
  ms next() {
    double base = static_cast<double>(initial_.count()) * static_cast<double>(1ULL << std::min(failures_, 40));
    base = std::min(base, static_cast<double>(max_.count()));
    ++failures_;
    if (jitter_ > 0.0) {
      std::uniform_real_distribution<double> d(0.0, jitter_);
      base = std::min(base * (1.0 + d(rng_)), static_cast<double>(max_.count()));
    }
    return ms(static_cast<long long>(base));
  }
  void reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  ms initial_, max_;
  double jitter_;
  int failures_ = 0;
  std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace gpupool
