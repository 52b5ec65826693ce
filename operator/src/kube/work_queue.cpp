#include "kube/work_queue.h"

#include <algorithm>

namespace gpupool::kube {

namespace {
// client-go's delaying queue wakes at least this often.
constexpr auto kMaxWait = std::chrono::seconds(10);
}  // namespace

WorkQueue::WorkQueue(Clock& clock, std::unique_ptr<RateLimiter> limiter,
                     std::shared_ptr<WorkQueueMetrics> metrics)
    : clock_(clock),
      limiter_(limiter ? std::move(limiter) : default_controller_rate_limiter(clock)),
      metrics_(std::move(metrics)) {
  delay_thread_ = std::thread([this] { delay_loop(); });
}

WorkQueue::~WorkQueue() {
  shut_down();
  if (delay_thread_.joinable()) delay_thread_.join();
}

void WorkQueue::add(const std::string& key) {
  std::lock_guard lock(mu_);
  add_locked(key);
}

void WorkQueue::add_locked(const std::string& key) {
  if (shutting_down_) return;
  last_added_[key] = clock_.now();
  if (dirty_.count(key)) return;
  if (metrics_) metrics_->on_add();
  dirty_.insert(key);
  if (processing_.count(key)) return;  // done() re-queues it
  queue_.push_back(key);
  enqueued_at_[key] = clock_.now();
  report_depth_locked();
  cv_.notify_one();
}

void WorkQueue::add_after(const std::string& key, Clock::duration delay) {
  std::lock_guard lock(mu_);
  if (shutting_down_) return;
  if (delay <= Clock::duration::zero()) {
    add_locked(key);
    return;
  }
  const auto ready = clock_.now() + delay;
  auto [it, inserted] = waiting_.emplace(key, ready);
  if (!inserted) {
    if (ready >= it->second) return;  // the earlier ready time wins
    it->second = ready;
  }
  delay_wake_ = true;
  delay_cv_.notify_all();
}

void WorkQueue::add_rate_limited(const std::string& key) {
  const auto delay = limiter_->when(key);
  {
    std::lock_guard lock(mu_);
    if (shutting_down_) return;
    if (metrics_) metrics_->on_retry();
  }
  add_after(key, delay);
}

void WorkQueue::forget(const std::string& key) { limiter_->forget(key); }

int WorkQueue::num_requeues(const std::string& key) { return limiter_->num_requeues(key); }

std::optional<std::string> WorkQueue::get() {
  auto item = get_item();
  if (!item) return std::nullopt;
  return std::move(item->key);
}

std::optional<WorkQueue::Item> WorkQueue::get_item() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !queue_.empty() || shutting_down_; });
  if (queue_.empty()) return std::nullopt;
  std::string key = std::move(queue_.front());
  queue_.pop_front();
  const auto now = clock_.now();
  if (auto it = enqueued_at_.find(key); it != enqueued_at_.end()) {
    if (metrics_) metrics_->on_queue_latency(now - it->second);
    enqueued_at_.erase(it);
  }
  processing_[key] = now;
  dirty_.erase(key);
  report_depth_locked();
  Clock::time_point added = now;
  if (auto it = last_added_.find(key); it != last_added_.end()) {
    added = it->second;
    last_added_.erase(it);
  }
  return Item{std::move(key), added};
}

void WorkQueue::done(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = processing_.find(key);
  if (it == processing_.end()) return;
  if (metrics_) metrics_->on_work_duration(clock_.now() - it->second);
  processing_.erase(it);
  if (dirty_.count(key)) {
    queue_.push_back(key);
    enqueued_at_[key] = clock_.now();
    report_depth_locked();
  }
  cv_.notify_all();  // wakes get() and shut_down_with_drain()
}

void WorkQueue::shut_down() {
  std::lock_guard lock(mu_);
  shutting_down_ = true;
  waiting_.clear();
  delay_wake_ = true;
  cv_.notify_all();
  delay_cv_.notify_all();
}

void WorkQueue::shut_down_with_drain() {
  shut_down();
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return processing_.empty(); });
}

bool WorkQueue::shutting_down() const {
  std::lock_guard lock(mu_);
  return shutting_down_;
}

std::size_t WorkQueue::len() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

std::size_t WorkQueue::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_.size();
}

void WorkQueue::report_depth_locked() {
  if (metrics_) metrics_->on_depth(queue_.size());
}

// Moves every ready waiting key into the queue; returns how long to sleep
// until the next one is ready (capped at kMaxWait).
Clock::duration WorkQueue::move_ready_locked() {
  const auto now = clock_.now();
  Clock::duration next = kMaxWait;
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    if (it->second <= now) {
      add_locked(it->first);
      it = waiting_.erase(it);
    } else {
      next = std::min<Clock::duration>(next, it->second - now);
      ++it;
    }
  }
  return next;
}

void WorkQueue::delay_loop() {
  for (;;) {
    Clock::duration sleep;
    {
      std::lock_guard lock(mu_);
      if (shutting_down_) return;
      sleep = move_ready_locked();
      delay_wake_ = false;
    }
    // sleep_for takes mu_ itself; the cancel predicate runs under it.
    clock_.sleep_for(sleep, mu_, delay_cv_, [&] { return delay_wake_ || shutting_down_; });
  }
}

}  // namespace gpupool::kube
