#include "sim/coreweave/controller.h"

#include <algorithm>
#include <set>

#include "sim/coreweave/nodepool_crd.h"

namespace gpupool::sim::coreweave {

namespace {
using nlohmann::json;

std::string uid_of(const json& obj) {
  const json& m = obj.value("metadata", json::object());
  return m.value("uid", "");
}
}  // namespace

NodePoolController::NodePoolController(kube::ApiServer& api, cloud::World& world, ControllerOptions opts)
    : api_(api), world_(world), opts_(std::move(opts)) {}

NodePoolController::~NodePoolController() { stop(); }

void NodePoolController::start() {
  std::lock_guard lock(run_mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    while (true) {
      pass();
      // stop() wakes us through run_cv_ + stopping_.
      bool cancelled = !world_.clock().sleep_for(opts_.tick, run_mu_, run_cv_, [this] { return stopping_; });
      if (cancelled) return;
    }
  });
}

void NodePoolController::stop() {
  {
    std::lock_guard lock(run_mu_);
    stopping_ = true;
  }
  run_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void NodePoolController::set_busy_nodes(int n) {
  std::lock_guard lock(pass_mu_);
  busy_ = std::max(0, n);
}

HttpResponse NodePoolController::call(const std::string& method, const std::string& path, const json& body) {
  HttpRequest r;
  r.method = method;
  r.path = path;
  r.headers["authorization"] = "Bearer " + opts_.token;
  r.headers["accept"] = "application/json";
  if (!body.is_null()) {
    r.body = body.dump();
    r.headers["content-type"] = "application/merge-patch+json";
  }
  return api_.handle(r);
}

void NodePoolController::pass() {
  std::lock_guard lock(pass_mu_);
  auto list = call("GET", kNodePoolsPath);
  if (list.status != 200) return;  // e.g. shutting down; try again next pass
  json body = json::parse(list.body, nullptr, false);
  std::set<std::string> seen;
  for (const auto& obj : body.value("items", json::array())) {
    seen.insert(uid_of(obj));
    reconcile(obj);
  }
  for (auto it = pools_.begin(); it != pools_.end();) {
    if (seen.count(it->first)) {
      ++it;
      continue;
    }
    world_.remove_pool(kProvider, opts_.cluster_id, it->second.name);  // deleted without our finalizer
    it = pools_.erase(it);
  }
}

}  // namespace gpupool::sim::coreweave
