#pragma once
// FakeClient: an in-memory kube::Client that behaves like a small API server.
//
// Behaviour: one global resourceVersion counter; create sets uid,
// resourceVersion, generation=1 and creationTimestamp; update/patch check a
// supplied metadata.resourceVersion (409 Conflict when stale), bump
// generation when anything outside metadata/status changes, and ignore status
// (status changes go through update_status or patch subresource "status").
// remove() of an object with finalizers sets deletionTimestamp; the object
// goes away once its finalizers are cleared. list() paginates with `limit`
// and opaque continue tokens and filters equality label/field selectors
// ("a=b,c.d=e"). watch() replays history after the requested RV (410 Gone if
// it was compacted), sends synthetic ADDED events for RV ""/"0", then streams
// live events until stop, close_watches(), or an injected watch error.
//
// Error injection: fail_next(verb, error, times) makes the next `times` calls
// of a verb ("get", "list", "create", "update", "update_status", "patch",
// "remove", "watch") fail; set_error_hook() decides per call.
// Every call is recorded in calls(). Thread-safe.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "kube/client.h"

namespace gpupool::testing {

class FakeClient final : public kube::Client {
 public:
  struct Call {
    std::string verb;
    std::string resource;  // plural
    std::string ns;
    std::string name;
    std::string detail;  // list/watch options, patch body, etc.
  };
  using ErrorHook = std::function<std::optional<Error>(const Call&)>;

  explicit FakeClient(Clock& clock = SystemClock::instance());
  ~FakeClient() override;

  // kube::Client
  Result<kube::json> get(const kube::ResourceRef& r, const std::string& ns, const std::string& name) override;
  Result<kube::ListPage> list(const kube::ResourceRef& r, const std::string& ns,
                              const kube::ListOptions& opts) override;
  Result<kube::json> create(const kube::ResourceRef& r, const std::string& ns, const kube::json& object) override;
  Result<kube::json> update(const kube::ResourceRef& r, const std::string& ns, const kube::json& object) override;
  Result<kube::json> update_status(const kube::ResourceRef& r, const std::string& ns,
                                   const kube::json& object) override;
  Result<kube::json> patch(const kube::ResourceRef& r, const std::string& ns, const std::string& name,
                           kube::PatchType type, const std::string& body, const std::string& subresource = "",
                           const std::string& field_manager = "gpupool-operator") override;
  Status remove(const kube::ResourceRef& r, const std::string& ns, const std::string& name,
                const kube::DeleteOptions& opts = {}) override;
  Status watch(const kube::ResourceRef& r, const std::string& ns, const kube::WatchOptions& opts,
               std::stop_token stop, const std::function<void(kube::WatchEvent&&)>& on_event) override;

  // --- knobs -----------------------------------------------------------------
  void fail_next(const std::string& verb, Error error, int times = 1);
  void set_error_hook(ErrorHook hook);
  // Ends every open watch normally (like a server timeout).
  void close_watches();
  // Ends every open watch with `error` (e.g. Gone, Unavailable).
  void break_watches(Error error);
  // Delivers an ERROR event carrying `status` to every open watch.
  void send_watch_error(const kube::json& status);
  // Sends a BOOKMARK at the current RV to watches that allow bookmarks.
  void send_bookmarks();
  // Forgets watch history: watches from an RV before now get 410 Gone.
  void compact();
  // Seeds an object directly (no call recorded, no error injection); returns it.
  kube::json seed(const kube::ResourceRef& r, const kube::json& object);
  // Current stored object, bypassing injection and the call log.
  std::optional<kube::json> peek(const kube::ResourceRef& r, const std::string& ns, const std::string& name) const;
  std::size_t open_watches() const;
  bool wait_for_watches(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
  std::vector<Call> calls() const;
  std::size_t count_calls(const std::string& verb) const;
  std::string current_resource_version() const;
  void reset();  // drops objects, history, knobs and the call log; closes watches

 private:
  struct Watch;
  struct HistoryEntry {
    std::int64_t rv;
    std::string resource;
    std::string ns;
    kube::WatchEvent event;
  };

  std::optional<Error> intercept(Call call);
  std::string store_key(const kube::ResourceRef& r, const std::string& ns, const std::string& name) const;
  std::string next_rv_locked();
  void emit_locked(const kube::ResourceRef& r, const std::string& ns, kube::WatchEvent::Type t, const kube::json& obj);
  Result<kube::json> write_locked(const kube::ResourceRef& r, const std::string& ns, kube::json desired,
                                  bool status_only, const std::string& verb);
  Result<kube::json> apply_patch(const kube::json& current, kube::PatchType type, const std::string& body) const;
  void finish_deletion_locked(const kube::ResourceRef& r, const std::string& ns, const std::string& key);
  void end_watches(std::optional<Error> error);

  Clock& clock_;
  mutable std::mutex mu_;
  mutable std::condition_variable watches_cv_;
  std::int64_t rv_ = 1000;
  std::int64_t compacted_rv_ = 0;
  std::uint64_t uid_seq_ = 0;
  std::map<std::string, std::map<std::string, kube::json>> objects_;  // resource -> key -> object
  std::deque<HistoryEntry> history_;
  std::list<std::shared_ptr<Watch>> watches_;
  std::map<std::string, std::deque<Error>> fail_next_;
  ErrorHook hook_;
  std::vector<Call> calls_;
};

}  // namespace gpupool::testing
