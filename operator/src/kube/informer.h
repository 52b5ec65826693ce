#pragma once
// Informer<T>: a Reflector feeding a typed Cache<T> and event handlers
// (client-go SharedIndexInformer, minus sharing and resync).
//
// Objects are decoded with T::from_json (never throws) and stored as
// std::shared_ptr<const T>; the raw JSON is dropped. Delivery rules:
//  * new key -> on_add(obj)
//  * known key whose resourceVersion changed -> on_update(old, new)
//  * known key with the same resourceVersion (relist, duplicate ADDED) -> nothing
//  * Deleted event, or key missing from a relist -> on_delete(last known obj)
// Handlers run on the informer thread after the cache is updated; keep them
// short (typically: enqueue a key). Register handlers and indexes before run().
//
// Thread safety: run() on one dedicated thread; cache() readers and the
// has_synced()/wait_for_sync() accessors are thread-safe from any thread.
#include <functional>
#include <memory>
#include <set>
#include <stop_token>
#include <string>
#include <vector>

#include "kube/cache.h"
#include "kube/reflector.h"

namespace gpupool::kube {

template <typename T>
struct EventHandlers {
  using Ptr = std::shared_ptr<const T>;
  std::function<void(const Ptr&)> on_add;
  std::function<void(const Ptr& old_obj, const Ptr& new_obj)> on_update;
  std::function<void(const Ptr&)> on_delete;
};

template <typename T>
class Informer final : private ReflectorStore {
 public:
  using Ptr = std::shared_ptr<const T>;

  // `client` and `clock` must outlive the informer.
  Informer(Client& client, ResourceRef resource, Clock& clock, ReflectorOptions opts = {})
      : reflector_(client, std::move(resource), *this, clock, std::move(opts)) {}

  Cache<T>& cache() { return cache_; }
  const Cache<T>& cache() const { return cache_; }
  void add_handlers(EventHandlers<T> h) { handlers_.push_back(std::move(h)); }
  void add_index(const std::string& name, typename Cache<T>::IndexFunc fn) { cache_.add_index(name, std::move(fn)); }

  // Blocks until `stop`; run it on its own thread (std::jthread).
  void run(std::stop_token stop) { reflector_.run(stop); }
  bool has_synced() const { return reflector_.has_synced(); }
  bool wait_for_sync(std::stop_token stop, Clock::duration timeout) { return reflector_.wait_for_sync(stop, timeout); }
  const Reflector& reflector() const { return reflector_; }

 private:
  void replace(std::vector<json>&& items) override {
    std::set<std::string> seen;
    for (auto& item : items) {
      auto obj = std::make_shared<const T>(T::from_json(item));
      seen.insert(obj->metadata.key());
      upsert(std::move(obj));
    }
    for (const auto& key : cache_.keys()) {
      if (seen.count(key)) continue;
      if (auto old = cache_.remove(key)) fire_delete(old);
    }
  }

  void apply(WatchEvent::Type type, json&& object) override {
    auto obj = std::make_shared<const T>(T::from_json(object));
    if (type != WatchEvent::Type::Deleted) {
      upsert(std::move(obj));
      return;
    }
    auto old = cache_.remove(obj->metadata.key());
    fire_delete(old ? old : obj);
  }

  void upsert(Ptr obj) {
    auto old = cache_.get(obj->metadata.key());
    if (old && old->metadata.resource_version == obj->metadata.resource_version) return;
    cache_.upsert(obj);
    for (auto& h : handlers_) {
      if (!old && h.on_add) h.on_add(obj);
      if (old && h.on_update) h.on_update(old, obj);
    }
  }

  void fire_delete(const Ptr& obj) {
    for (auto& h : handlers_) {
      if (h.on_delete) h.on_delete(obj);
    }
  }

  Cache<T> cache_;
  std::vector<EventHandlers<T>> handlers_;
  Reflector reflector_;
};

}  // namespace gpupool::kube
