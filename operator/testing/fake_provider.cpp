#include "testing/fake_provider.h"

#include <algorithm>

namespace gpupool::testing {

std::optional<Error> FakeProvider::take_error_locked(const std::string& verb, const std::string& what) {
  calls_.push_back(verb + " " + what);
  auto it = next_errors_.find(verb);
  if (it == next_errors_.end() || it->second.empty()) return std::nullopt;
  Error e = it->second.front();
  it->second.pop_front();
  return e;
}

Result<cloud::Operation> FakeProvider::start_locked(const std::string& kind, const std::string& pool_id) {
  Op op;
  op.op = cloud::Operation{"op-" + std::to_string(++seq_), kind, pool_id, false};
  op.polls_left = polls_to_finish_;
  if (auto it = op_errors_.find(kind); it != op_errors_.end() && !it->second.empty()) {
    op.error = it->second.front();
    it->second.pop_front();
  }
  if (polls_to_finish_ <= 0) {
    finish_locked(op);
    if (op.error) return *op.error;
    op.op.done = true;
    return op.op;
  }
  ops_[op.op.id] = op;
  return op.op;
}

void FakeProvider::finish_locked(Op& op) {
  auto it = pools_.find(op.op.pool_name);
  if (it == pools_.end()) return;
  cloud::NodePool& p = it->second;
  if (op.op.kind == "delete" || (op.op.kind == "create" && op.error)) {
    pools_.erase(it);
    return;
  }
  if (op.error) return;
  p.state = "RUNNING";
  p.current_nodes = p.desired_nodes;
  if (auto_ready_) p.ready_nodes = p.desired_nodes;
  p.ready_nodes = std::min(p.ready_nodes, p.current_nodes);
}

Result<std::vector<cloud::NodePool>> FakeProvider::list() {
  std::lock_guard lock(mu_);
  if (auto e = take_error_locked("list", "")) return *e;
  std::vector<cloud::NodePool> out;
  for (const auto& [id, p] : pools_) out.push_back(p);
  return out;
}

Result<cloud::NodePool> FakeProvider::get(const std::string& id) {
  std::lock_guard lock(mu_);
  if (auto e = take_error_locked("get", id)) return *e;
  auto it = pools_.find(id);
  if (it == pools_.end()) return fail(ErrorCode::NotFound, "node pool " + id + " not found");
  return it->second;
}

Result<cloud::Operation> FakeProvider::create(const cloud::NodePoolSpec& spec) {
  std::lock_guard lock(mu_);
  if (auto e = take_error_locked("create", spec.name)) return *e;
  if (pools_.count(spec.name)) return fail(ErrorCode::AlreadyExists, "node pool " + spec.name + " exists");
  cloud::NodePool p;
  p.id = p.name = spec.name;
  p.machine_type = spec.machine_type;
  p.desired_nodes = spec.node_count;
  p.autoscaling = spec.autoscaling;
  p.min_nodes = spec.min_nodes;
  p.max_nodes = spec.max_nodes;
  p.zones = spec.zones;
  p.owner = spec.owner;
  p.state = "PROVISIONING";
  pools_[p.id] = p;
  return start_locked("create", p.id);
}

Result<cloud::Operation> FakeProvider::resize(const cloud::NodePool& pool, int nodes) {
  std::lock_guard lock(mu_);
  if (auto e = take_error_locked("resize", pool.id + " " + std::to_string(nodes))) return *e;
  auto it = pools_.find(pool.id);
  if (it == pools_.end()) return fail(ErrorCode::NotFound, "node pool " + pool.id + " not found");
  it->second.desired_nodes = nodes;
  it->second.ready_nodes = std::min(it->second.ready_nodes, nodes);
  return start_locked("resize", pool.id);
}

Result<cloud::Operation> FakeProvider::set_autoscaling(const cloud::NodePool& pool, bool enabled, int min_nodes,
                                                       int max_nodes) {
  std::lock_guard lock(mu_);
  if (auto e = take_error_locked("autoscaling", pool.id)) return *e;
  auto it = pools_.find(pool.id);
  if (it == pools_.end()) return fail(ErrorCode::NotFound, "node pool " + pool.id + " not found");
  it->second.autoscaling = enabled;
  it->second.min_nodes = min_nodes;
  it->second.max_nodes = max_nodes;
  return start_locked("autoscaling", pool.id);
}

Result<cloud::Operation> FakeProvider::remove(const cloud::NodePool& pool) {
  std::lock_guard lock(mu_);
  if (auto e = take_error_locked("remove", pool.id)) return *e;
  auto it = pools_.find(pool.id);
  if (it == pools_.end()) return cloud::Operation{"", "delete", pool.id, true};
  it->second.state = "DELETING";
  return start_locked("delete", pool.id);
}

Result<cloud::OperationStatus> FakeProvider::poll(const cloud::Operation& op) {
  std::lock_guard lock(mu_);
  if (auto e = take_error_locked("poll", op.id)) return *e;
  auto it = ops_.find(op.id);
  if (it == ops_.end()) return fail(ErrorCode::NotFound, "operation " + op.id + " not found");
  if (--it->second.polls_left > 0) return cloud::OperationStatus{false, std::nullopt};
  finish_locked(it->second);
  cloud::OperationStatus st{true, it->second.error};
  ops_.erase(it);
  return st;
}

void FakeProvider::set_polls_to_finish(int n) {
  std::lock_guard lock(mu_);
  polls_to_finish_ = n;
}

void FakeProvider::set_auto_ready(bool on) {
  std::lock_guard lock(mu_);
  auto_ready_ = on;
}

void FakeProvider::fail_next(const std::string& verb, Error e, int times) {
  std::lock_guard lock(mu_);
  for (int i = 0; i < times; ++i) next_errors_[verb].push_back(e);
}

void FakeProvider::fail_op(const std::string& kind, Error e) {
  std::lock_guard lock(mu_);
  op_errors_[kind].push_back(std::move(e));
}

void FakeProvider::add_pool(cloud::NodePool p) {
  std::lock_guard lock(mu_);
  pools_[p.id] = std::move(p);
}

void FakeProvider::set_ready(const std::string& id, int ready) {
  std::lock_guard lock(mu_);
  pools_.at(id).ready_nodes = ready;
}

std::vector<cloud::NodePool> FakeProvider::pools() const {
  std::lock_guard lock(mu_);
  std::vector<cloud::NodePool> out;
  for (const auto& [id, p] : pools_) out.push_back(p);
  return out;
}

std::vector<std::string> FakeProvider::calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

int FakeProvider::count(const std::string& verb) const {
  std::lock_guard lock(mu_);
  int n = 0;
  for (const auto& c : calls_) n += c.rfind(verb + " ", 0) == 0;
  return n;
}

int FakeProvider::mutations() const {
  return count("create") + count("resize") + count("autoscaling") + count("remove");
}

}  // namespace gpupool::testing
