#pragma once
// WorkQueue: the client-go rate-limited delaying work queue for string keys.
//
// Semantics (client-go util/workqueue):
//  * Stingy: a key added many times before a worker picks it up is handed out
//    once; a key is never handed to two workers at once.
//  * A key added while it is being processed is handed out again after done().
//  * Fair: FIFO by first add.
//  * add_after(key, d): the key is added once `d` has passed on the Clock; if
//    it is already waiting, the earlier ready time wins.
//  * add_rate_limited(key) = add_after(key, limiter.when(key)); forget(key)
//    resets its failure count; num_requeues(key) reports it.
//  * shut_down(): adds are ignored, waiting (delayed) keys are dropped, get()
//    still hands out keys already queued and returns nullopt once empty.
//    shut_down_with_drain() additionally blocks until every handed-out key
//    is done().
//
// Thread safety: every method is thread-safe. get() and
// shut_down_with_drain() block; the rest never do. A background thread owned
// by the queue moves delayed keys in when they become ready; it sleeps
// through the injected Clock (so FakeClock::advance drives it in tests).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <deque>

#include "common/clock.h"
#include "kube/rate_limiters.h"

namespace gpupool::kube {

// Metrics hooks (workqueue_* in controller-runtime). Called with the queue's
// lock held: implementations must be fast and must not call back into the queue.
class WorkQueueMetrics {
 public:
  virtual ~WorkQueueMetrics() = default;
  virtual void on_depth(std::size_t /*depth*/) {}
  virtual void on_add() {}
  // Time a key spent queued before a worker got it.
  virtual void on_queue_latency(std::chrono::duration<double> /*seconds*/) {}
  // Time between get() and done().
  virtual void on_work_duration(std::chrono::duration<double> /*seconds*/) {}
  virtual void on_retry() {}
};

class WorkQueue {
 public:
  // `limiter` defaults to default_controller_rate_limiter(clock); `metrics`
  // may be null. `clock` must outlive the queue.
  explicit WorkQueue(Clock& clock, std::unique_ptr<RateLimiter> limiter = nullptr,
                     std::shared_ptr<WorkQueueMetrics> metrics = nullptr);
  ~WorkQueue();  // shuts down and joins the delay thread
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void add(const std::string& key);
  void add_after(const std::string& key, Clock::duration delay);
  void add_rate_limited(const std::string& key);
  void forget(const std::string& key);
  int num_requeues(const std::string& key);

  // Blocks until a key is available (returns it; the caller must call
  // done(key) when finished) or the queue is shut down and empty (nullopt).
  std::optional<std::string> get();
  // get(), plus when the key was last added before it was handed out: the
  // newest event that asked for this work (data older than that may miss it).
  struct Item {
    std::string key;
    Clock::time_point last_added;
  };
  std::optional<Item> get_item();
  void done(const std::string& key);

  void shut_down();
  void shut_down_with_drain();
  bool shutting_down() const;
  // Keys queued and ready (not counting processing or delayed ones).
  std::size_t len() const;
  // Keys waiting for their add_after delay.
  std::size_t waiting() const;

 private:
  void add_locked(const std::string& key);
  void delay_loop();
  Clock::duration move_ready_locked();
  void report_depth_locked();

  Clock& clock_;
  std::unique_ptr<RateLimiter> limiter_;
  std::shared_ptr<WorkQueueMetrics> metrics_;

  mutable std::mutex mu_;
  std::condition_variable cv_;        // queue_ non-empty, processing_ changed, shutdown
  std::condition_variable delay_cv_;  // the delay thread's wake-up
  std::deque<std::string> queue_;
  std::set<std::string> dirty_;
  std::map<std::string, Clock::time_point> processing_;  // key -> start time
  std::map<std::string, Clock::time_point> enqueued_at_;
  std::map<std::string, Clock::time_point> last_added_;  // key -> newest add(), coalesced ones included
  std::map<std::string, Clock::time_point> waiting_;     // key -> ready time
  bool shutting_down_ = false;
  bool delay_wake_ = false;
  std::thread delay_thread_;
};

}  // namespace gpupool::kube
