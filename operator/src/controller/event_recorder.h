#pragma once
// EventRecorder: core/v1 Events the way client-go tools/record sends them
// (kubernetes-api.md §9.2), without ever blocking a reconcile.
//  * record() is cheap and non-blocking: it applies the spam filter, then
//    pushes onto a bounded queue (default 1000); when full the event is
//    dropped with a log line.
//  * Spam filter: a token bucket per source + involved object + type, burst
//    25, one token back every 300 s.
//  * Dedup: an event identical to one already sent (same involvedObject
//    uid/kind/ns/name, type, reason and message) becomes a merge PATCH of
//    the existing Event's count and lastTimestamp; if that Event is gone
//    (404) a new one is created. The cache holds the last 4096 keys.
//  * New Events: name "<object>.<hex unix nanos>", namespace of the object
//    (or "default"), reportingComponent/source.component "gpupool-operator".
//  * Delivery: transport-level failures (Unavailable, Timeout) are retried up
//    to 12 attempts, 10 s apart on the Clock; API errors are final.
// Not implemented: folding >10 similar messages into "(combined from similar
// events)".
//
// Thread safety: record()/normal()/warning() from any thread. start()/stop()
// from the owner. The client is called only from the recorder's thread.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "api/event.h"
#include "common/clock.h"
#include "common/token_bucket.h"
#include "kube/client.h"

namespace gpupool::controller {

struct EventRecorderOptions {
  std::string component = "gpupool-operator";
  std::string host;  // source host / reportingInstance (pod name)
  std::size_t queue_capacity = 1000;
  int burst = 25;
  std::chrono::seconds refill_interval{300};
  std::size_t cache_size = 4096;
  int max_attempts = 12;
  std::chrono::seconds retry_interval{10};
};

class EventRecorder {
 public:
  // `client` and `clock` must outlive the recorder.
  EventRecorder(kube::Client& client, Clock& clock, EventRecorderOptions opts = {});
  ~EventRecorder();  // stop()

  // type is "Normal" or "Warning". Returns false if the event was dropped
  // (rate limited, queue full or stopped). Never blocks.
  bool record(const api::ObjectReference& obj, const std::string& type, const std::string& reason,
              const std::string& message);
  bool normal(const api::ObjectReference& o, const std::string& reason, const std::string& msg) {
    return record(o, "Normal", reason, msg);
  }
  bool warning(const api::ObjectReference& o, const std::string& reason, const std::string& msg) {
    return record(o, "Warning", reason, msg);
  }

  void start();
  // Stops the sender thread; events still queued are dropped.
  void stop();
  // Blocks (real time) until nothing is queued or being sent, or timeout.
  bool wait_idle(std::chrono::milliseconds timeout);
  std::size_t dropped() const;

 private:
  struct Pending {
    api::ObjectReference obj;
    std::string type, reason, message;
  };
  struct Sent {
    std::string ns, name, first_timestamp;
    int count = 0;
    std::list<std::string>::iterator lru;
  };

  bool allow(const Pending& p);
  void loop();
  void deliver(const Pending& p);
  Status attempt(const Pending& p, const std::string& key);
  Result<kube::json> create(const Pending& p, int count, const std::string& first);
  void remember(const std::string& key, Sent s);

  kube::Client& client_;
  Clock& clock_;
  EventRecorderOptions opts_;

  mutable std::mutex mu_;
  std::condition_variable cv_;  // queue non-empty / stop
  std::condition_variable idle_cv_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  bool busy_ = false;
  std::size_t dropped_ = 0;
  std::map<std::string, std::unique_ptr<TokenBucket>> buckets_;
  std::deque<std::string> bucket_order_;
  std::thread thread_;

  // Sender-thread only.
  std::map<std::string, Sent> sent_;
  std::list<std::string> sent_lru_;
  std::int64_t last_nanos_ = 0;
};

}  // namespace gpupool::controller
