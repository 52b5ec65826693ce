// agentPools GET / LIST / DELETE, rendering, preconditions and the busy
// check of the simulated AKS (PUT is in pool_put.cpp).
#include <algorithm>

#include "sim/aks/arm_error.h"
#include "sim/aks/sim_impl.h"

namespace gpupool::sim::aks {

namespace {
std::string unquote(std::string s) {
  if (s.rfind("W/", 0) == 0) s = s.substr(2);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

HttpResponse json_ok(int status, const json& body) {
  auto r = HttpResponse::json(status, body.dump());
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  return r;
}
}  // namespace

HttpResponse AksSim::Impl::pools_api(const HttpRequest& req, const std::string& pool, const std::string& identity) {
  if (pool.empty()) {
    if (req.method == "GET") return list_pools(req);
    return arm_error(405, "MethodNotAllowed", "The requested method " + req.method + " is not allowed on agentPools.");
  }
  if (req.method == "GET") return get_pool(req, pool);
  if (req.method == "PUT") return put_pool(req, pool, identity);
  if (req.method == "DELETE") return delete_pool(req, pool);
  return arm_error(405, "MethodNotAllowed", "The requested method " + req.method + " is not allowed.");
}

json AksSim::Impl::render(const HttpRequest&, const Pool& p) const {
  json props = p.props;
  props["provisioningState"] = p.state;
  props["powerState"] = {{"code", "Running"}};
  props["currentOrchestratorVersion"] = props.value("orchestratorVersion", opts.orchestrator_version);
  props["nodeImageVersion"] = "AKSUbuntu-2204gen2containerd-202411.12.0";
  props["eTag"] = p.etag;
  if (!p.provisioning_error.is_null()) props["status"] = {{"provisioningError", p.provisioning_error}};
  return {{"id", pool_id(p.name)},
          {"name", p.name},
          {"type", "Microsoft.ContainerService/managedClusters/agentPools"},
          {"properties", props}};
}

void AksSim::Impl::report(const Pool& p) {
  cloud::PoolRecord r;
  r.provider = "AKS";
  r.cluster = opts.cluster;
  r.id = r.name = p.name;
  r.region = opts.location;
  r.machine_type = p.size.name;
  r.node_count = static_cast<int>(p.nodes.size());
  r.ready_at = p.nodes;
  json tags = p.props.value("tags", json::object());  // a named copy: items() must not outlive it
  for (const auto& [k, v] : tags.items())
    if (v.is_string()) r.labels[k] = v.get<std::string>();
  bool spot = p.props.value("scaleSetPriority", std::string()) == "Spot";
  r.quota_usage[spot ? kLowPriorityQuota : p.size.family] = r.node_count * p.size.vcpus;
  r.created_by = p.created_by;
  r.state = p.state;
  // Validated on PUT: both counts are integers when enableAutoScaling is true.
  r.autoscaling = p.props.value("enableAutoScaling", false);
  if (r.autoscaling) {
    r.min_nodes = p.props.value("minCount", 0);
    r.max_nodes = p.props.value("maxCount", 0);
  }
  world.upsert_pool(std::move(r));
}

std::optional<HttpResponse> AksSim::Impl::busy(const std::string& pool) const {
  for (const auto& [id, op] : ops) {
    if (op.applied) continue;
    auto it = pools.find(op.pool);
    std::string state = it == pools.end() ? "Deleting" : it->second.state;
    std::string what = op.pool == pool ? "Another operation (" + state + ")"
                                        : "Another agentpool operation (" + op.pool + " - " + state + ")";
    return rp_error(409, "OperationNotAllowed",
                    "Operation is not allowed: " + what +
                        " is in progress, please wait for it to finish before starting a new operation. See "
                        "https://aka.ms/aks-pending-operation for more details");
  }
  return std::nullopt;
}

std::optional<HttpResponse> AksSim::Impl::precondition(const HttpRequest& req, const Pool* existing) const {
  auto failed = [](const std::string& why) {
    return rp_error(412, "PreconditionFailed", "Operation is not allowed: " + why);
  };
  std::string match = req.header("if-match"), none = req.header("if-none-match");
  if (!match.empty()) {
    if (!existing) return failed("the resource does not exist, but If-Match '" + match + "' was given.");
    if (unquote(match) != "*" && unquote(match) != existing->etag)
      return failed("the If-Match header value '" + match + "' does not match the agent pool's eTag '" + existing->etag + "'.");
  }
  if (!none.empty() && existing && (unquote(none) == "*" || unquote(none) == existing->etag))
    return failed("the agent pool already exists and If-None-Match '" + none + "' was given.");
  return std::nullopt;
}

HttpResponse AksSim::Impl::get_pool(const HttpRequest& req, const std::string& name) {
  auto it = pools.find(name);
  if (it == pools.end()) return rp_error(404, "NotFound", "Agent pool " + name + " not found.", "GetAgentPool_NotFound");
  return json_ok(200, render(req, it->second));
}

HttpResponse AksSim::Impl::list_pools(const HttpRequest& req) {
  std::size_t skip = 0;
  if (auto t = req.param("$skipToken"); t && !t->empty() && std::all_of(t->begin(), t->end(), ::isdigit))
    skip = std::stoul(*t);
  json value = json::array();
  std::size_t i = 0, page = static_cast<std::size_t>(std::max(1, opts.page_size));
  for (const auto& [name, p] : pools) {
    if (i++ < skip) continue;
    if (value.size() == page) break;
    value.push_back(render(req, p));
  }
  json body = {{"value", value}};
  if (skip + value.size() < pools.size())
    body["nextLink"] = arm_base(req) + req.path + "?api-version=" + req.param("api-version").value_or("") +
                       "&$skipToken=" + std::to_string(skip + value.size());
  return json_ok(200, body);
}

HttpResponse AksSim::Impl::delete_pool(const HttpRequest& req, const std::string& name) {
  auto it = pools.find(name);
  if (auto pre = precondition(req, it == pools.end() ? nullptr : &it->second)) return *pre;
  if (it == pools.end()) return HttpResponse{204, {}, "", nullptr};  // already gone
  if (auto b = busy(name)) return *b;
  it->second.state = "Deleting";
  it->second.provisioning_error = nullptr;
  report(it->second);
  const Op& op = start_op("delete", name, std::nullopt);
  HttpResponse r{202, {}, "", nullptr};
  add_op_headers(req, r, op);
  return r;
}

}  // namespace gpupool::sim::aks
