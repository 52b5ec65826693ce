// Long-running operations of the simulated AKS (cloud-apis.md §2.4): the
// Azure-AsyncOperation status URL, the Location (operationresults) URL, and
// applying finished operations to the pools.
#include <algorithm>

#include "sim/aks/arm_error.h"
#include "sim/aks/ids.h"
#include "sim/aks/sim_impl.h"

namespace gpupool::sim::aks {

namespace {
// The operation endpoints carry the provider's own api-version (wire-samples/aks.md).
constexpr const char* kOperationsApiVersion = "2016-03-30";

json error_json(const Failure& f) {
  return {{"code", f.code}, {"message", f.message}, {"details", json::array({{{"code", f.code}, {"message", f.message}}})}};
}
}  // namespace

Op& AksSim::Impl::start_op(const std::string& kind, const std::string& pool, std::optional<Failure> failure) {
  Op op;
  op.id = guid();
  op.pool = pool;
  op.kind = kind;
  op.done_at = world.clock().now() + world.provisioning_time();
  op.start_time = wall_time();
  op.failure = std::move(failure);
  return ops[op.id] = op;
}

void AksSim::Impl::add_op_headers(const HttpRequest& req, HttpResponse& r, const Op& op) const {
  std::string base = arm_base(req) + "/subscriptions/" + opts.subscription_id +
                     "/providers/Microsoft.ContainerService/locations/" + opts.location;
  std::string q = "?api-version=" + std::string(kOperationsApiVersion);
  r.headers.emplace_back("Azure-AsyncOperation", base + "/operations/" + op.id + q);
  r.headers.emplace_back("Location", base + "/operationresults/" + op.id + q);
  r.headers.emplace_back("Retry-After", std::to_string(opts.retry_after_seconds));
}

HttpResponse AksSim::Impl::operation_status(const HttpRequest&, const std::string& id) {
  auto it = ops.find(id);
  if (it == ops.end()) return arm_error(404, "NotFound", "Operation " + id + " was not found.");
  const Op& op = it->second;
  json body = {{"name", op.id}, {"startTime", op.start_time}};
  body["status"] = !op.applied ? "InProgress" : op.failure ? "Failed" : "Succeeded";
  if (op.applied) body["endTime"] = op.end_time;
  if (op.applied && op.failure) body["error"] = error_json(*op.failure);
  auto r = HttpResponse::json(200, body.dump());
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  if (!op.applied) r.headers.emplace_back("Retry-After", std::to_string(opts.retry_after_seconds));
  return r;
}

HttpResponse AksSim::Impl::operation_result(const HttpRequest& req, const std::string& id) {
  auto it = ops.find(id);
  if (it == ops.end()) return arm_error(404, "NotFound", "Operation " + id + " was not found.");
  const Op& op = it->second;
  if (!op.applied) {
    HttpResponse r{202, {}, "", nullptr};
    r.headers.emplace_back("Location", arm_base(req) + req.path + "?api-version=" + kOperationsApiVersion);
    r.headers.emplace_back("Retry-After", std::to_string(opts.retry_after_seconds));
    return r;
  }
  if (op.failure) return HttpResponse::json(400, json{{"error", error_json(*op.failure)}}.dump());
  auto pool = pools.find(op.pool);
  if (op.kind == "delete" || pool == pools.end()) return HttpResponse{204, {}, "", nullptr};
  return HttpResponse::json(200, render(req, pool->second).dump());
}

void AksSim::Impl::settle() {
  auto now = world.clock().now();
  std::vector<Op*> due;
  for (auto& [id, op] : ops)
    if (!op.applied && op.done_at <= now) due.push_back(&op);
  std::sort(due.begin(), due.end(), [](const Op* a, const Op* b) { return a->done_at < b->done_at; });
  for (Op* op : due) {
    op->applied = true;
    op->end_time = wall_time();
    auto it = pools.find(op->pool);
    if (it == pools.end()) continue;
    if (op->kind == "delete") {
      pools.erase(it);
      world.remove_pool("AKS", opts.cluster, op->pool);
      continue;
    }
    Pool& p = it->second;
    p.state = op->failure ? "Failed" : "Succeeded";
    if (op->failure) p.provisioning_error = {{"code", op->failure->code}, {"message", op->failure->message}};
    report(p);
  }
}

}  // namespace gpupool::sim::aks
