#pragma once
// Cache<T>: the informer's store of typed objects, keyed "ns/name" (or "name"
// for cluster-scoped objects), with a built-in namespace index and named
// custom indexes (client-go cache.Indexer).
//
// Thread safety: one writer (the informer thread) and any number of readers.
// Readers get std::shared_ptr<const T> snapshots that stay valid after the
// object is replaced or removed; never mutate through them. add_index() may
// be called at any time (it indexes existing objects), typically before the
// informer runs. Index functions run under the write lock: keep them pure.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <vector>

namespace gpupool::kube {

inline constexpr const char* kNamespaceIndex = "namespace";

template <typename T>
class Cache {
 public:
  using Ptr = std::shared_ptr<const T>;
  // Values an object is filed under, e.g. referenced CloudCluster "ns/name".
  using IndexFunc = std::function<std::vector<std::string>(const T&)>;

  Cache() {
    indexes_[kNamespaceIndex].fn = [](const T& o) { return std::vector<std::string>{o.metadata.ns}; };
  }

  void add_index(const std::string& name, IndexFunc fn) {
    std::unique_lock lock(mu_);
    Index& idx = indexes_[name];
    idx = Index{std::move(fn), {}};
    for (const auto& [key, obj] : items_) file_locked(idx, key, *obj);
  }

  // Reads.
  Ptr get(const std::string& key) const {
    std::shared_lock lock(mu_);
    auto it = items_.find(key);
    return it == items_.end() ? nullptr : it->second;
  }
  std::vector<Ptr> list() const {
    std::shared_lock lock(mu_);
    std::vector<Ptr> out;
    out.reserve(items_.size());
    for (const auto& kv : items_) out.push_back(kv.second);
    return out;
  }
  std::vector<std::string> keys() const {
    std::shared_lock lock(mu_);
    std::vector<std::string> out;
    out.reserve(items_.size());
    for (const auto& kv : items_) out.push_back(kv.first);
    return out;
  }
  std::size_t size() const {
    std::shared_lock lock(mu_);
    return items_.size();
  }
  // Objects filed under `value` in index `name` (empty if no such index).
  std::vector<Ptr> by_index(const std::string& name, const std::string& value) const {
    std::shared_lock lock(mu_);
    std::vector<Ptr> out;
    auto idx = indexes_.find(name);
    if (idx == indexes_.end()) return out;
    auto bucket = idx->second.values.find(value);
    if (bucket == idx->second.values.end()) return out;
    for (const auto& key : bucket->second) out.push_back(items_.at(key));
    return out;
  }
  std::vector<Ptr> list_namespace(const std::string& ns) const { return by_index(kNamespaceIndex, ns); }

  // Writes (single writer). upsert returns the previous object, if any.
  Ptr upsert(Ptr obj) {
    const std::string key = obj->metadata.key();
    std::unique_lock lock(mu_);
    Ptr old;
    if (auto it = items_.find(key); it != items_.end()) {
      old = it->second;
      unfile_all_locked(key, *old);
    }
    for (auto& kv : indexes_) file_locked(kv.second, key, *obj);
    items_[key] = std::move(obj);
    return old;
  }
  // Removes `key`; returns the removed object or null.
  Ptr remove(const std::string& key) {
    std::unique_lock lock(mu_);
    auto it = items_.find(key);
    if (it == items_.end()) return nullptr;
    Ptr old = std::move(it->second);
    items_.erase(it);
    unfile_all_locked(key, *old);
    return old;
  }

 private:
  struct Index {
    IndexFunc fn;
    std::map<std::string, std::set<std::string>> values;  // value -> keys
  };
  static void file_locked(Index& idx, const std::string& key, const T& obj) {
    for (auto& v : idx.fn(obj)) idx.values[v].insert(key);
  }
  void unfile_all_locked(const std::string& key, const T& obj) {
    for (auto& kv : indexes_) {
      Index& idx = kv.second;
      for (auto& v : idx.fn(obj)) {
        auto b = idx.values.find(v);
        if (b == idx.values.end()) continue;
        b->second.erase(key);
        if (b->second.empty()) idx.values.erase(b);
      }
    }
  }

  mutable std::shared_mutex mu_;
  std::map<std::string, Ptr> items_;
  std::map<std::string, Index> indexes_;
};

}  // namespace gpupool::kube
