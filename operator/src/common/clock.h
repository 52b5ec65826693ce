#pragma once
// Clock seam: production code never calls now() or sleeps directly, so tests
// can drive time with FakeClock (operator/testing/fake_clock.h).
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace gpupool {

class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  using duration = std::chrono::steady_clock::duration;
  virtual ~Clock() = default;
  // Monotonic time for timers and backoff.
  virtual time_point now() const = 0;
  // Wall-clock time for timestamps written to the API (RFC 3339).
  virtual std::chrono::system_clock::time_point wall_now() const = 0;
  // Block until `d` has passed (on this clock) or `cancel` returns true when
  // woken through `cv`. Returns false if cancelled. Thread-safe.
  virtual bool sleep_for(duration d, std::mutex& m, std::condition_variable& cv,
                         const std::function<bool()>& cancel) = 0;
};

class SystemClock final : public Clock {
 public:
  time_point now() const override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point wall_now() const override {
    return std::chrono::system_clock::now();
  }
  bool sleep_for(duration d, std::mutex& m, std::condition_variable& cv,
                 const std::function<bool()>& cancel) override {
    std::unique_lock lock(m);
    return !cv.wait_for(lock, d, cancel);
  }
  static SystemClock& instance() {
    static SystemClock c;
    return c;
  }
};

}  // namespace gpupool
