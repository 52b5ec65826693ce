#pragma once
// Object storage with one global resourceVersion counter and a bounded event
// history for watches (kubernetes-api.md §2.1, §3). Objects are kept parsed
// plus serialized once, so lists and watch fan-out only concatenate strings.
//
// Not internally synchronised: every call requires mutex() held. Watch
// streams wait on cv(), which is notified after each write, drop and close.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

namespace gpupool::sim::kube {

struct StoredObject {
  std::shared_ptr<const nlohmann::json> obj;
  std::shared_ptr<const std::string> text;  // obj.dump()
};

struct WatchEvent {
  std::uint64_t rv = 0;
  std::string type;                          // ADDED, MODIFIED, DELETED
  std::string storage_key;
  std::string ns;
  std::string key;                           // Store::key(ns, name)
  StoredObject object;                       // new state; DELETED: last state with the deletion RV
  StoredObject prev;                         // previous stored state (empty for ADDED)
  std::shared_ptr<const std::string> line;   // {"type":..,"object":..}\n, shared by all watchers
};

using Collection = std::map<std::string, StoredObject>;  // key: "ns/name" or "name"

class Store {
 public:
  explicit Store(std::size_t history_limit);

  std::mutex& mutex() { return mu_; }
  std::condition_variable& cv() { return cv_; }

  std::uint64_t current_rv() const { return rv_; }
  // Every event with rv > history_start_rv() is still in the history.
  std::uint64_t history_start_rv() const { return history_start_rv_; }

  static std::string key(const std::string& ns, const std::string& name) { return ns.empty() ? name : ns + "/" + name; }
  const StoredObject* get(const std::string& storage_key, const std::string& key) const;
  const Collection& collection(const std::string& storage_key) const;
  const std::unordered_map<std::string, Collection>& all() const { return data_; }

  // Writes assign the next resourceVersion into metadata, store, append an
  // event and notify watchers. They return what was stored.
  StoredObject create(const std::string& storage_key, const std::string& key, nlohmann::json obj);
  StoredObject update(const std::string& storage_key, const std::string& key, nlohmann::json obj);
  // Removes; returns the last state stamped with the deletion RV.
  StoredObject remove(const std::string& storage_key, const std::string& key);

  // Persistence restore: no events, RV unchanged by the object's own RV.
  void load(const std::string& storage_key, const std::string& key, nlohmann::json obj);
  void restore_rv(std::uint64_t rv);

  // History access by absolute sequence number (events ever appended).
  std::uint64_t first_seq() const { return dropped_; }
  std::uint64_t end_seq() const { return dropped_ + history_.size(); }
  const WatchEvent& event_at(std::uint64_t seq) const { return history_[seq - dropped_]; }
  // The collection as it was at `rv` (undoing later history); requires
  // rv >= history_start_rv().
  Collection collection_at(const std::string& storage_key, std::uint64_t rv) const;
  // First sequence whose event rv > `rv`.
  std::uint64_t seq_after(std::uint64_t rv) const;

  void compact();           // forget all history
  void drop_watches();      // bump watch epoch: open streams end
  void close();             // shutdown: streams end, no reopen
  std::uint64_t watch_epoch() const { return watch_epoch_; }
  bool closed() const { return closed_; }
  std::uint64_t changes() const { return changes_; }  // write counter for persistence
  std::atomic<int>& open_watches() { return open_watches_; }  // no lock needed

  static StoredObject make(nlohmann::json obj);

 private:
  void append(const std::string& type, const std::string& storage_key, const std::string& key, const StoredObject& o,
              StoredObject prev);

  std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<std::string, Collection> data_;
  std::deque<WatchEvent> history_;
  std::size_t history_limit_;
  std::uint64_t rv_ = 0;
  std::uint64_t history_start_rv_ = 0;
  std::uint64_t dropped_ = 0;
  std::uint64_t watch_epoch_ = 0;
  std::uint64_t changes_ = 0;
  bool closed_ = false;
  std::atomic<int> open_watches_{0};
};

}  // namespace gpupool::sim::kube
