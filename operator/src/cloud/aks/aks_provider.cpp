#include "cloud/aks/aks_provider.h"

#include <algorithm>
#include <cctype>

#include "cloud/aks/codec.h"
#include "cloud/aks/errors.h"

namespace gpupool::cloud::aks {

namespace {
using nlohmann::json;

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// core-lro: "succeeded" -> done, "fail" -> failed, "cancel" -> canceled, else running.
OperationStatus from_status_word(const std::string& word, const json& error) {
  std::string w = lower(word);
  if (w.find("succeeded") != std::string::npos) return {true, std::nullopt};
  if (w.find("fail") != std::string::npos || w.find("cancel") != std::string::npos)
    return {true, map_async_error(parse_error_object(error), word)};
  return {false, std::nullopt};
}

// Poll answers that mean "ask again later" rather than "the operation failed".
bool transient(int status) { return status == 401 || status == 403 || status == 429 || status >= 500; }
}  // namespace

Result<OperationStatus> read_operation(const http::Response& r, const std::string& what) {
  if (r.status == 202) return OperationStatus{false, std::nullopt};
  if (r.status < 200 || r.status > 299) {
    Error e = map_http_error(r.status, r.body, r.header("retry-after"));
    if (transient(r.status)) return e.with_context(what);
    return OperationStatus{true, e};  // a Location URL answers the failure's status
  }
  if (r.body.empty()) return OperationStatus{true, std::nullopt};
  json j = json::parse(r.body, nullptr, false);
  if (!j.is_object()) return fail(ErrorCode::Unavailable, what + ": response body is not a JSON object");
  if (j.contains("status") && j["status"].is_string())
    return from_status_word(j["status"].get<std::string>(), j.contains("error") ? j["error"] : json());
  if (j.contains("properties") && j["properties"].is_object() && j["properties"].contains("provisioningState")) {
    NodePool p = parse_pool(j);
    if (transitional_state(p.state)) return OperationStatus{false, std::nullopt};
    return OperationStatus{true, p.error};
  }
  return OperationStatus{true, std::nullopt};
}

AksProvider::AksProvider(std::shared_ptr<AksClient> client) : client_(std::move(client)) {}

NodePool AksProvider::describe(const json& ap) {
  NodePool n = parse_pool(ap);
  std::lock_guard lock(mu_);
  if (n.ready_nodes > 0 || (n.state == "Succeeded" && n.desired_nodes == 0)) {
    settled_[n.name] = n.ready_nodes;
  } else if (auto it = settled_.find(n.name); it != settled_.end()) {
    // Mid-operation or after a failed scale: the nodes that were there still run.
    n.current_nodes = n.ready_nodes = std::min(it->second, n.desired_nodes);
  }
  return n;
}

Result<std::vector<NodePool>> AksProvider::list() {
  auto r = client_->list_pools();
  if (!r) return r.error().with_context("listing aks agent pools");
  std::vector<NodePool> out;
  for (const auto& ap : *r) out.push_back(describe(ap));
  return out;
}

Result<NodePool> AksProvider::get(const std::string& id) {
  auto r = client_->get_pool(id);
  if (!r) {
    if (r.error().code == ErrorCode::NotFound) {
      std::lock_guard lock(mu_);
      settled_.erase(id);
    }
    return r.error().with_context("reading aks agent pool " + id);
  }
  return describe(*r);
}

Result<Operation> AksProvider::started(const ArmReply& reply, std::string kind, std::string pool) {
  Operation op{reply.async_url.empty() ? reply.location_url : reply.async_url, std::move(kind), std::move(pool), false};
  if (!op.id.empty()) return op;
  // No operation headers: poll the pool itself while its state is transitional.
  std::string state = parse_pool(reply.body).state;
  op.done = !transitional_state(state);
  if (!op.done) op.id = client_->pool_path(op.pool_name);
  return op;
}

Result<Operation> AksProvider::create(const NodePoolSpec& spec) {
  std::string ctx = "creating aks agent pool " + spec.name;
  auto body = put_body(spec);
  if (!body) return body.error().with_context(ctx);
  auto r = client_->put_pool(spec.name, *body, "", "*");
  if (!r) {
    Error e = r.error();
    if (e.http_status == 412) e.code = ErrorCode::AlreadyExists;  // If-None-Match: * met an existing pool
    return e.with_context(ctx);
  }
  return started(*r, "create", spec.name);
}

template <typename Edit>
Result<Operation> AksProvider::read_modify_write(const NodePool& pool, const std::string& kind, Edit edit) {
  std::string ctx = kind + " of aks agent pool " + pool.name;
  auto current = client_->get_pool(pool.id);
  if (!current) return current.error().with_context(ctx);
  json body = writable(*current);
  edit(body["properties"]);
  std::string etag = parse_pool(*current).etag;
  auto r = client_->put_pool(pool.id, body, etag, "");
  if (!r) return r.error().with_context(ctx);
  return started(*r, kind, pool.name);
}

Result<Operation> AksProvider::resize(const NodePool& pool, int nodes) {
  return read_modify_write(pool, "resize", [&](json& p) { p["count"] = nodes; });
}

Result<Operation> AksProvider::set_autoscaling(const NodePool& pool, bool enabled, int min_nodes, int max_nodes) {
  return read_modify_write(pool, "autoscaling", [&](json& p) {
    p["enableAutoScaling"] = enabled;
    if (!enabled) {
      p.erase("minCount");  // AKS rejects min/max on a pool without autoscaling
      p.erase("maxCount");
      return;
    }
    p["minCount"] = min_nodes;
    p["maxCount"] = max_nodes;
    int count = p.contains("count") && p["count"].is_number_integer() ? p["count"].get<int>() : min_nodes;
    p["count"] = std::clamp(count, min_nodes, std::max(min_nodes, max_nodes));
  });
}

Result<Operation> AksProvider::remove(const NodePool& pool) {
  auto r = client_->delete_pool(pool.id);
  if (!r && r.error().code == ErrorCode::NotFound) return Operation{"", "delete", pool.name, true};
  if (!r) return r.error().with_context("deleting aks agent pool " + pool.name);
  // 204: already gone; 200 without operation headers: deleted synchronously.
  if (r->status == 204 || (r->async_url.empty() && r->location_url.empty())) return Operation{"", "delete", pool.name, true};
  return started(*r, "delete", pool.name);
}

Result<OperationStatus> AksProvider::poll(const Operation& op) {
  if (op.done || op.id.empty()) return OperationStatus{true, std::nullopt};
  std::string what = "polling " + op.kind + " of aks agent pool " + op.pool_name;
  auto r = client_->get_url(op.id);
  if (!r) return r.error().with_context(what);
  auto st = read_operation(*r, what);
  if (st && st->error) st->error = st->error->with_context(op.kind + " of aks agent pool " + op.pool_name);
  return st;
}

}  // namespace gpupool::cloud::aks
