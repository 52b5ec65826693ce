#include "sim/kube/persistence.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace gpupool::sim::kube {

using json = nlohmann::json;

Persistence::Persistence(std::string dir, std::shared_ptr<Store> store) : dir_(std::move(dir)), store_(std::move(store)) {}

Persistence::~Persistence() { stop(); }

std::string Persistence::load() {
  std::filesystem::path file = std::filesystem::path(dir_) / "kube-state.json";
  std::ifstream in(file);
  if (!in) return "";
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    json state = json::parse(ss.str());
    std::lock_guard<std::mutex> lock(store_->mutex());
    for (auto& [sk, objects] : state.at("objects").items())
      for (auto& [key, obj] : objects.items()) store_->load(sk, key, obj);
    store_->restore_rv(std::stoull(state.at("resourceVersion").get<std::string>()));
    saved_changes_ = store_->changes();
  } catch (const std::exception& e) {
    return "cannot load " + file.string() + ": " + e.what();
  }
  return "";
}

void Persistence::start() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  thread_ = std::thread([this] { run(); });
}

void Persistence::run() {
  std::unique_lock<std::mutex> lock(store_->mutex());
  while (!stop_) {
    store_->cv().wait(lock, [&] { return stop_ || store_->changes() != saved_changes_; });
    if (stop_) break;
    // Debounce bursts of writes into one save.
    store_->cv().wait_for(lock, std::chrono::milliseconds(200), [&] { return stop_; });
    save(lock);
  }
}

void Persistence::save(std::unique_lock<std::mutex>& lock) {
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::shared_ptr<const std::string>>>>> snap;
  for (const auto& [sk, coll] : store_->all()) {
    snap.push_back({sk, {}});
    for (const auto& [k, so] : coll) snap.back().second.emplace_back(k, so.text);
  }
  std::uint64_t rv = store_->current_rv();
  saved_changes_ = store_->changes();
  lock.unlock();
  std::string out = "{\"resourceVersion\":\"" + std::to_string(rv) + "\",\"objects\":{";
  bool first_coll = true;
  for (const auto& [sk, items] : snap) {
    out += (first_coll ? "" : ",") + json(sk).dump() + ":{";
    first_coll = false;
    bool first = true;
    for (const auto& [k, text] : items) {
      out += (first ? "" : ",") + json(k).dump() + ":" + *text;
      first = false;
    }
    out += "}";
  }
  out += "}}";
  std::filesystem::path file = std::filesystem::path(dir_) / "kube-state.json";
  std::filesystem::path tmp = file;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    f << out;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  lock.lock();
}

void Persistence::stop() {
  {
    std::lock_guard<std::mutex> lock(store_->mutex());
    if (stopped_) return;
    stopped_ = true;
    stop_ = true;
    store_->cv().notify_all();
  }
  if (thread_.joinable()) thread_.join();
  std::unique_lock<std::mutex> lock(store_->mutex());
  save(lock);
}

}  // namespace gpupool::sim::kube
