#pragma once
// Reflector: keeps a ReflectorStore in step with one collection on the API
// server, following client-go tools/cache/reflector.go:
//  1. List in pages of `page_size` (default 500) with a consistent read
//     (resourceVersion ""), then store.replace(items). An expired continue
//     token (410) falls back to one unpaginated list, like client-go's pager.
//  2. Watch from the list's resourceVersion with allowWatchBookmarks and a
//     random 300-600 s server timeout. Every event (bookmarks too) advances
//     the last-seen resourceVersion; Added/Modified/Deleted go to store.apply.
//  3. A watch that ends normally is reopened immediately from the last-seen
//     resourceVersion (no relist) and resets the backoff; one that ends in
//     under 1 s with no events counts as an error ("very short watch").
//  4. 410 Gone, an ERROR event, or any other failure -> relist after backoff;
//     429 RateLimited -> rewatch (no relist) after max(backoff, retry_after).
//  5. Backoff: 800 ms doubling to 30 s with jitter 1.0; reset after a healthy
//     watch or after 2 min without backing off.
// All waiting goes through the injected Clock.
//
// Thread safety: run() is called once, on its own thread; the store is only
// called from that thread. The accessors are thread-safe.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <stop_token>
#include <string>
#include <vector>

#include "common/backoff.h"
#include "common/clock.h"
#include "kube/client.h"

namespace gpupool::kube {

class ReflectorStore {
 public:
  virtual ~ReflectorStore() = default;
  // The complete collection after a (re)list.
  virtual void replace(std::vector<json>&& items) = 0;
  // One watch event: Added, Modified or Deleted (never Bookmark/Error).
  virtual void apply(WatchEvent::Type type, json&& object) = 0;
};

struct ReflectorOptions {
  std::string ns;  // "" = all namespaces (or a cluster-scoped resource)
  std::string label_selector;
  std::string field_selector;
  int page_size = 500;
  std::chrono::milliseconds backoff_initial{800};
  std::chrono::milliseconds backoff_max{30000};
  std::chrono::seconds min_watch_timeout{300};  // server timeout is random in [min, 2*min]
};

class Reflector {
 public:
  // `client`, `store` and `clock` must outlive the reflector.
  Reflector(Client& client, ResourceRef resource, ReflectorStore& store, Clock& clock, ReflectorOptions opts = {});

  // Lists and watches until `stop` is requested. Blocks; never throws.
  void run(std::stop_token stop);

  bool has_synced() const;
  // Blocks until the first list was stored, `stop` is requested or `timeout`
  // passes on the Clock. Returns has_synced().
  bool wait_for_sync(std::stop_token stop, Clock::duration timeout);
  std::string last_sync_resource_version() const;
  int list_count() const;
  int watch_count() const;
  const ResourceRef& resource() const { return resource_; }

 private:
  enum class WatchEnd { Healthy, Relist, Rewatch, Stopped };

  Status list_and_replace();
  Result<std::vector<json>> list_all(std::string& rv, int limit);
  WatchEnd watch_once(std::stop_token stop, std::chrono::milliseconds& retry_after);
  WatchEnd classify(const Status& st, bool error_event, const json& error_status, int events,
                    Clock::duration elapsed, std::chrono::milliseconds& retry_after) const;
  void back_off(std::stop_token stop, std::chrono::milliseconds at_least);
  void set_rv(const std::string& rv);
  std::string describe() const;

  Client& client_;
  ResourceRef resource_;
  ReflectorStore& store_;
  Clock& clock_;
  ReflectorOptions opts_;
  Backoff backoff_;
  Clock::time_point last_backoff_{};
  std::mt19937 rng_{std::random_device{}()};

  mutable std::mutex mu_;
  std::condition_variable cv_;  // stop requested or synced
  std::string last_rv_;
  bool synced_ = false;
  int lists_ = 0;
  int watches_ = 0;
};

}  // namespace gpupool::kube
