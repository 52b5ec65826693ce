#include "testing/fake_clock.h"

#include <algorithm>
#include <thread>

namespace gpupool::testing {

FakeClock::FakeClock()
    : start_(time_point(std::chrono::hours(1000))),
      wall_start_(std::chrono::system_clock::time_point(std::chrono::seconds(1704067200))) {}

Clock::time_point FakeClock::now() const {
  return start_ + std::chrono::nanoseconds(offset_ns_.load());
}

std::chrono::system_clock::time_point FakeClock::wall_now() const {
  return wall_start_ + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                           std::chrono::nanoseconds(offset_ns_.load()));
}

bool FakeClock::sleep_for(duration d, std::mutex& m, std::condition_variable& cv,
                          const std::function<bool()>& cancel) {
  const time_point deadline = now() + d;
  std::list<Sleeper>::iterator self;
  {
    std::lock_guard g(mu_);
    self = sleepers_.insert(sleepers_.end(), Sleeper{deadline, &m, &cv});
  }
  changed_.notify_all();
  bool cancelled = false;
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] {
      if (cancel && cancel()) {
        cancelled = true;
        return true;
      }
      return now() >= deadline;
    });
  }
  // Unregister only after releasing `m` (lock order is mu_ -> m in advance()).
  {
    std::lock_guard g(mu_);
    sleepers_.erase(self);
  }
  changed_.notify_all();
  return !cancelled;
}

void FakeClock::advance(duration d) {
  offset_ns_.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count());
  notify_all_sleepers();
}

void FakeClock::notify_all_sleepers() {
  // Holding mu_ keeps every registered sleeper's mutex and cv alive; taking
  // the sleeper's mutex before notifying closes the lost-wakeup window
  // between its predicate check and its wait.
  std::lock_guard g(mu_);
  for (auto& s : sleepers_) {
    { std::lock_guard sl(*s.m); }
    s.cv->notify_all();
  }
}

std::size_t FakeClock::sleepers() const {
  std::lock_guard g(mu_);
  return sleepers_.size();
}

bool FakeClock::wait_for_sleepers(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return sleepers_.size() >= n; });
}

Clock::time_point FakeClock::next_deadline() const {
  std::lock_guard g(mu_);
  time_point best = time_point::max();
  for (const auto& s : sleepers_) best = std::min(best, s.deadline);
  return best;
}

void FakeClock::advance_to_next_deadline() {
  const time_point next = next_deadline();
  if (next == time_point::max()) return;
  const time_point cur = now();
  if (next > cur) advance(next - cur);
  else notify_all_sleepers();
}

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) return pred();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace gpupool::testing
