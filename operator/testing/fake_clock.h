#pragma once
// FakeClock: a Clock whose time only moves when a test calls advance().
//
// Thread safety: every method is thread-safe. sleep_for() blocks the calling
// thread until advance()/set_now() moves time to or past its deadline, or the
// caller's `cancel` predicate becomes true when its `cv` is notified.
// advance() briefly locks each sleeper's mutex to notify it, so never call
// advance() while holding a mutex that a sleeper passed to sleep_for().
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>

#include "common/clock.h"

namespace gpupool::testing {

class FakeClock final : public Clock {
 public:
  // Starts at an arbitrary non-zero steady time and a fixed wall time
  // (2024-01-01T00:00:00Z) so timestamps are deterministic.
  FakeClock();

  time_point now() const override;
  std::chrono::system_clock::time_point wall_now() const override;
  bool sleep_for(duration d, std::mutex& m, std::condition_variable& cv,
                 const std::function<bool()>& cancel) override;

  // Moves both steady and wall time forward by `d` and wakes every sleeper
  // whose deadline is now reached.
  void advance(duration d);
  // Number of threads currently blocked in sleep_for().
  std::size_t sleepers() const;
  // Blocks (in real time) until at least `n` threads are in sleep_for(), or
  // `timeout` passes. Returns whether the count was reached. Use it to make
  // sure a background thread is parked before calling advance().
  bool wait_for_sleepers(std::size_t n,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
  // Earliest pending sleeper deadline, or time_point::max() if none.
  time_point next_deadline() const;
  // Advance exactly to the earliest sleeper deadline (no-op if none).
  void advance_to_next_deadline();

 private:
  struct Sleeper {
    time_point deadline;
    std::mutex* m;
    std::condition_variable* cv;
  };
  void notify_all_sleepers();

  std::atomic<std::int64_t> offset_ns_{0};
  const time_point start_;
  const std::chrono::system_clock::time_point wall_start_;
  mutable std::mutex mu_;               // guards sleepers_
  mutable std::condition_variable changed_;  // sleepers_ changed
  std::list<Sleeper> sleepers_;
};

// Polls `pred` (in real time, every millisecond) until it holds or `timeout`
// passes; returns the last value. For tests waiting on background threads.
bool eventually(const std::function<bool()>& pred,
                std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace gpupool::testing
