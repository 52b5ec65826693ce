#pragma once
// Controller: N workers pull keys from a WorkQueue and call a Reconciler
// (controller-runtime pkg/internal/controller). Per key:
//   Outcome::done()      -> forget(key)
//   Outcome::after(d)    -> forget(key), add_after(key, d)
//   error                -> retry_policy(error) decides: rate-limited backoff
//                           (default), wait for a change (forget, no requeue),
//                           or a fixed delay (e.g. RateLimited retry_after)
//   std::exception thrown -> logged, add_rate_limited (like a recovered panic)
// Each reconcile gets a random reconcile id, logged as `reconcileID` and
// readable by the reconciler through current_reconcile_id().
//
// Thread safety: enqueue()/queue() are thread-safe; start() and stop() are
// called once each from the owning thread. The Reconciler is called from up
// to `workers` threads at once, never twice at once for the same key.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "kube/informer.h"
#include "kube/work_queue.h"

namespace gpupool::controller {

struct ObjectKey {
  std::string ns, name;
  // "ns/name", or "name" when cluster-scoped.
  std::string str() const;
  // Inverse of str(): "a/b" -> {a, b}; "b" -> {"", b}.
  static ObjectKey parse(const std::string& key);
  bool operator==(const ObjectKey&) const = default;
};

struct Outcome {
  std::optional<std::chrono::milliseconds> requeue_after;
  static Outcome done() { return {}; }
  static Outcome after(std::chrono::milliseconds d) { return Outcome{d}; }
};

class Reconciler {
 public:
  virtual ~Reconciler() = default;
  virtual Result<Outcome> reconcile(const ObjectKey& key) = 0;
};

// What to do with a failed key.
struct RetryDecision {
  enum class Kind { Backoff, WaitForChange, After } kind = Kind::Backoff;
  std::chrono::milliseconds delay{0};  // for After
};
using RetryPolicy = std::function<RetryDecision(const Error&)>;

// InvalidArgument/FailedPrecondition -> WaitForChange; RateLimited/Busy with
// retry_after -> After(retry_after); everything else -> Backoff.
RetryDecision default_retry_policy(const Error& e);

// Metrics hooks (controller_runtime_reconcile_*). Called from worker threads.
class ControllerMetrics {
 public:
  virtual ~ControllerMetrics() = default;
  // result: "success", "error", "requeue_after", "panic" (exception).
  virtual void on_reconcile(const std::string& /*controller*/, const std::string& /*result*/,
                            std::chrono::duration<double> /*seconds*/) {}
  virtual void on_active_workers(const std::string& /*controller*/, int /*n*/) {}
};

struct ControllerOptions {
  std::string name = "controller";
  int workers = 4;
  std::chrono::milliseconds drain_timeout{std::chrono::seconds(30)};
  RetryPolicy retry_policy = default_retry_policy;
  std::shared_ptr<ControllerMetrics> metrics;  // may be null
};

// Informer handlers that enqueue the object's key. `update_filter` (e.g.
// generation_changed<T>) may drop updates; adds and deletes always enqueue.
template <typename T>
kube::EventHandlers<T> enqueue_handlers(kube::WorkQueue& queue,
                                        std::function<bool(const T&, const T&)> update_filter = nullptr) {
  kube::EventHandlers<T> h;
  h.on_add = [&queue](const auto& o) { queue.add(o->metadata.key()); };
  h.on_update = [&queue, update_filter](const auto& old_obj, const auto& new_obj) {
    if (!update_filter || update_filter(*old_obj, *new_obj)) queue.add(new_obj->metadata.key());
  };
  h.on_delete = [&queue](const auto& o) { queue.add(o->metadata.key()); };
  return h;
}

// The id of the reconcile running on this thread ("" outside a reconcile).
const std::string& current_reconcile_id();
// When the key being reconciled on this thread was last added to the queue
// (the newest event or timer that asked for this reconcile); data read
// before it may predate that event. Epoch outside a reconcile.
Clock::time_point current_trigger_time();

class Controller {
 public:
  // `reconciler`, `queue` and `clock` must outlive the controller.
  Controller(ControllerOptions opts, Reconciler& reconciler, kube::WorkQueue& queue, Clock& clock);
  ~Controller();  // stop()

  void enqueue(const ObjectKey& key) { queue_.add(key.str()); }
  kube::WorkQueue& queue() { return queue_; }
  void start();
  // Shuts the queue down, lets in-flight reconciles finish (queued keys are
  // dropped) and waits up to drain_timeout on the Clock. Returns false if
  // workers were still busy: they are then detached, and the caller must
  // exit the process without destroying the reconciler.
  bool stop();
  int active_workers() const;
  // Worker threads that have not exited yet.
  int running_workers() const;

 private:
  void worker();
  void process(const std::string& key);
  void handle_error(const std::string& key, const Error& e);

  ControllerOptions opts_;
  Reconciler& reconciler_;
  kube::WorkQueue& queue_;
  Clock& clock_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int running_ = 0;  // worker threads alive
  int active_ = 0;   // reconciles in flight
  bool started_ = false;
};

}  // namespace gpupool::controller
