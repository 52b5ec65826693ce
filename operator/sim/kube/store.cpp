#include "sim/kube/store.h"

#include <algorithm>

namespace gpupool::sim::kube {

using json = nlohmann::json;

Store::Store(std::size_t history_limit) : history_limit_(std::max<std::size_t>(history_limit, 1)) {}

StoredObject Store::make(json obj) {
  auto text = std::make_shared<const std::string>(obj.dump());
  return {std::make_shared<const json>(std::move(obj)), std::move(text)};
}

const StoredObject* Store::get(const std::string& storage_key, const std::string& key) const {
  auto c = data_.find(storage_key);
  if (c == data_.end()) return nullptr;
  auto it = c->second.find(key);
  return it == c->second.end() ? nullptr : &it->second;
}

const Collection& Store::collection(const std::string& storage_key) const {
  static const Collection kEmpty;
  auto c = data_.find(storage_key);
  return c == data_.end() ? kEmpty : c->second;
}

static std::string ns_of(const std::string& key) {
  auto slash = key.find('/');
  return slash == std::string::npos ? std::string() : key.substr(0, slash);
}

StoredObject Store::create(const std::string& storage_key, const std::string& key, json obj) {
  obj["metadata"]["resourceVersion"] = std::to_string(++rv_);
  StoredObject o = make(std::move(obj));
  data_[storage_key][key] = o;
  append("ADDED", storage_key, key, o, {});
  return o;
}

StoredObject Store::update(const std::string& storage_key, const std::string& key, json obj) {
  obj["metadata"]["resourceVersion"] = std::to_string(++rv_);
  StoredObject o = make(std::move(obj));
  auto& slot = data_[storage_key][key];
  StoredObject prev = slot;
  slot = o;
  append("MODIFIED", storage_key, key, o, prev);
  return o;
}

StoredObject Store::remove(const std::string& storage_key, const std::string& key) {
  auto& coll = data_[storage_key];
  auto it = coll.find(key);
  if (it == coll.end()) return {};
  StoredObject prev = it->second;
  coll.erase(it);
  json last = *prev.obj;
  last["metadata"]["resourceVersion"] = std::to_string(++rv_);
  StoredObject o = make(std::move(last));
  append("DELETED", storage_key, key, o, prev);
  return o;
}

void Store::load(const std::string& storage_key, const std::string& key, json obj) {
  data_[storage_key][key] = make(std::move(obj));
}

void Store::restore_rv(std::uint64_t rv) {
  rv_ = std::max(rv_, rv);
  history_start_rv_ = rv_;  // history starts empty: older watch RVs get 410
}

void Store::append(const std::string& type, const std::string& storage_key, const std::string& key,
                   const StoredObject& o, StoredObject prev) {
  std::string line;
  line.reserve(o.text->size() + 40);
  line += "{\"type\":\"" + type + "\",\"object\":";
  line += *o.text;
  line += "}\n";
  history_.push_back({rv_, type, storage_key, ns_of(key), key, o, std::move(prev),
                      std::make_shared<const std::string>(std::move(line))});
  while (history_.size() > history_limit_) {
    history_start_rv_ = history_.front().rv;
    history_.pop_front();
    ++dropped_;
  }
  ++changes_;
  cv_.notify_all();
}

std::uint64_t Store::seq_after(std::uint64_t rv) const {
  auto it = std::upper_bound(history_.begin(), history_.end(), rv,
                             [](std::uint64_t v, const WatchEvent& e) { return v < e.rv; });
  return dropped_ + static_cast<std::uint64_t>(it - history_.begin());
}

Collection Store::collection_at(const std::string& storage_key, std::uint64_t rv) const {
  Collection out = collection(storage_key);
  for (auto it = history_.rbegin(); it != history_.rend() && it->rv > rv; ++it) {
    if (it->storage_key != storage_key) continue;
    if (it->type == "ADDED") out.erase(it->key);
    else out[it->key] = it->prev;
  }
  return out;
}

void Store::compact() {
  dropped_ += history_.size();
  history_.clear();
  history_start_rv_ = rv_;
  cv_.notify_all();
}

void Store::drop_watches() {
  ++watch_epoch_;
  cv_.notify_all();
}

void Store::close() {
  closed_ = true;
  cv_.notify_all();
}

}  // namespace gpupool::sim::kube
