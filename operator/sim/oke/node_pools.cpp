// Node pools of the simulated OKE: create, get, list, update, delete.
#include <algorithm>

#include "sim/oke/oci_error.h"
#include "sim/oke/pool_input.h"
#include "sim/oke/sim_impl.h"

namespace gpupool::sim::oke {

namespace {
std::string node_state(const Node& n, TimePoint now) {
  if (!n.error.is_null()) return "FAILING";
  if (n.deleting) return "DELETING";
  return n.ready_at <= now ? "ACTIVE" : "CREATING";
}

bool gone(const Pool& p, TimePoint now, std::chrono::seconds retention) {
  return p.deleted_at && now - *p.deleted_at > retention;
}
}  // namespace

std::string OkeSim::Impl::etag(const Pool& p) const { return sha256_hex(p.id + ":" + std::to_string(p.version)); }

json OkeSim::Impl::render_pool(const Pool& p, bool with_nodes) const {
  json j = p.details;
  j["id"] = p.id;
  if (!j.contains("kubernetesVersion")) j["kubernetesVersion"] = opts.kubernetes_version;
  if (j.contains("nodeSourceDetails")) j["nodeSource"] = j["nodeSourceDetails"];
  if (!j.contains("initialNodeLabels")) j["initialNodeLabels"] = json::array();
  if (!j.contains("freeformTags")) j["freeformTags"] = json::object();
  if (!j.contains("definedTags")) j["definedTags"] = json::object();
  j["nodeConfigDetails"] = {{"size", p.size}, {"placementConfigs", p.placements},
                            {"isPvEncryptionInTransitEnabled", false}};
  j["lifecycleState"] = p.state;
  j["lifecycleDetails"] = p.state_details;
  j["timeCreated"] = p.time_created;
  if (!with_nodes) return j;
  json nodes = json::array();
  auto now = world.clock().now();
  for (const auto& n : p.nodes)
    nodes.push_back({{"id", n.id}, {"name", n.name}, {"nodePoolId", p.id}, {"availabilityDomain", n.ad},
                     {"faultDomain", n.fault_domain}, {"kubernetesVersion", j["kubernetesVersion"]},
                     {"lifecycleState", node_state(n, now)}, {"lifecycleDetails", ""}, {"nodeError", n.error}});
  j["nodes"] = nodes;
  return j;
}

void OkeSim::Impl::report(const Pool& p) {
  cloud::PoolRecord r;
  r.provider = "OKE";
  r.cluster = opts.cluster_id;
  r.id = p.id;
  r.name = p.name;
  r.region = opts.region;
  r.machine_type = p.shape;
  for (const auto& n : p.nodes)
    if (n.error.is_null() && !n.deleting) ++r.node_count, r.ready_at.push_back(n.ready_at);
  if (p.details.contains("freeformTags"))
    for (const auto& [k, v] : p.details["freeformTags"].items()) r.labels[k] = v.get<std::string>();
  r.quota_usage[p.shape] = r.node_count;
  if (p.info.gpus > 0) r.quota_usage[p.info.limit_name] = r.node_count * p.info.gpus;
  r.created_by = p.created_by;
  r.state = p.state;
  world.upsert_pool(std::move(r));
}

std::optional<HttpResponse> OkeSim::Impl::admit(const Pool& p, int size, bool* stockout) {
  cloud::AdmitRequest r{"OKE", opts.region, p.shape, p.id, opts.cluster_id, size, {{p.shape, size}}};
  if (p.info.gpus > 0) r.quota_usage[p.info.limit_name] = size * p.info.gpus;
  auto a = world.admit(r);
  *stockout = a.admission == cloud::Admission::Stockout;
  if (a.admission != cloud::Admission::Quota) return std::nullopt;
  return oci_error(400, "LimitExceeded",
                   "The following service limits were exceeded: " + a.quota_key + " (limit " + std::to_string(a.limit) +
                       ", used " + std::to_string(a.used) + "). Request a service limit increase from the service "
                       "limits page in the console.");
}

void OkeSim::Impl::add_nodes(Pool& p, int n, bool failed) {
  auto ready = world.ready_schedule(n);
  for (int i = 0; i < n; ++i) {
    const json& pc = p.placements[p.nodes.size() % p.placements.size()];
    Node node;
    node.id = make_ocid("instance", region_key());
    node.name = "oke-" + random_hex(5) + "-" + std::to_string(p.nodes.size());
    node.ad = pc.value("availabilityDomain", std::string());
    node.fault_domain = "FAULT-DOMAIN-" + std::to_string(p.nodes.size() % 3 + 1);
    node.ready_at = ready[static_cast<std::size_t>(i)];
    if (failed)
      node.error = {{"code", "InternalError"}, {"message", "Out of host capacity."}, {"status", "500"},
                    {"opc-request-id", request_id()}};
    p.nodes.push_back(std::move(node));
  }
}

HttpResponse OkeSim::Impl::create_pool(const HttpRequest& req, const std::string& identity) {
  std::string token = req.header("opc-retry-token");
  if (token.size() > 64) return oci_error(400, "InvalidParameter", "opc-retry-token must be at most 64 characters.");
  if (auto it = retry_tokens.find(token); !token.empty() && it != retry_tokens.end()) {
    if (it->second.body_hash != sha256_hex(req.body))
      return oci_error(409, "InvalidatedRetryToken", "The retry token was already used for a different request.");
    return accepted(work_requests.at(it->second.work_request));
  }
  Pool p;
  if (auto bad = parse_create(req.body, opts, p)) return oci_error(bad->status, bad->code, bad->message);
  if (auto b = busy("")) return *b;
  bool stockout = false;
  if (auto q = admit(p, p.size, &stockout)) return *q;
  p.id = make_ocid("nodepool", region_key());
  p.created_by = identity;
  p.time_created = rfc3339(world.clock().wall_now());
  add_nodes(p, p.size, stockout);
  auto now = world.clock().now();
  WorkRequest& wr = start("NODEPOOL_CREATE", "CREATED", p, now + world.provisioning_time());
  if (!token.empty()) retry_tokens[token] = {sha256_hex(req.body), wr.id};
  order.push_back(p.id);
  report(pools[p.id] = std::move(p));
  return accepted(wr);
}

HttpResponse OkeSim::Impl::get_pool(const std::string& id) {
  auto it = pools.find(id);
  if (it == pools.end() || gone(it->second, world.clock().now(), opts.deleted_retention)) return not_found(id);
  auto r = HttpResponse::json(200, render_pool(it->second, true).dump());
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"etag", etag(it->second)},
               {"opc-request-id", request_id()}};
  return r;
}

HttpResponse OkeSim::Impl::list_pools(const HttpRequest& req) {
  auto compartment = req.param("compartmentId");
  if (!compartment) return oci_error(400, "MissingParameter", "Missing required parameter: compartmentId");
  auto page = parse_page(req.param("limit"), req.param("page"), opts.page_size);
  if (!page) return oci_error(400, "InvalidParameter", "Invalid limit or page.");
  std::string want_state = req.param("lifecycleState").value_or("");
  auto now = world.clock().now();
  json all = json::array();
  for (const auto& id : order) {
    const Pool& p = pools.at(id);
    if (*compartment != opts.compartment_id || gone(p, now, opts.deleted_retention)) continue;
    if (auto c = req.param("clusterId"); c && *c != opts.cluster_id) continue;
    if (auto n = req.param("name"); n && *n != p.name) continue;
    if (want_state.empty() ? p.state == "DELETED" : p.state != want_state) continue;
    all.push_back(render_pool(p, false));
  }
  json out = json::array();
  for (std::size_t i = page->offset; i < all.size() && out.size() < page->limit; ++i) out.push_back(all[i]);
  auto r = HttpResponse::json(200, out.dump());
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"opc-request-id", request_id()}};
  if (page->offset + out.size() < all.size()) r.headers.emplace_back("opc-next-page", page_token(page->offset + out.size()));
  return r;
}

}  // namespace gpupool::sim::oke
