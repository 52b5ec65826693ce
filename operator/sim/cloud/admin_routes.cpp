#include "sim/cloud/admin_routes.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "sim/server/status_body.h"

namespace gpupool::sim::cloud {

namespace {
using nlohmann::json;

HttpResponse bad_request(const std::string& msg) { return status_response(400, "BadRequest", msg); }
HttpResponse ok_json(const json& j) { return HttpResponse::json(200, j.dump()); }

// Parses the body and resolves "provider"; sets `err` on failure.
std::optional<json> parse(const HttpRequest& req, std::string& provider, HttpResponse& err) {
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    err = bad_request("body must be a JSON object");
    return std::nullopt;
  }
  provider = canonical_provider(j.value("provider", std::string()));
  if (provider.empty()) {
    err = bad_request("provider must be one of GKE, AKS, OKE, CoreWeave");
    return std::nullopt;
  }
  return j;
}

std::optional<int> optional_int(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null() || !it->is_number()) return std::nullopt;
  return it->get<int>();
}

HttpResponse post_capacity(World& w, const HttpRequest& req) {
  std::string provider;
  HttpResponse err;
  auto j = parse(req, provider, err);
  if (!j) return err;
  auto region = j->value("region", std::string());
  auto machine = j->value("machineType", std::string());
  if (region.empty() || machine.empty()) return bad_request("region and machineType are required");
  w.set_capacity(provider, region, machine, optional_int(*j, "nodes"));
  return ok_json({{"provider", provider}, {"region", region}, {"machineType", machine},
                  {"nodes", j->contains("nodes") ? (*j)["nodes"] : json()}});
}

HttpResponse post_quota(World& w, const HttpRequest& req) {
  std::string provider;
  HttpResponse err;
  auto j = parse(req, provider, err);
  if (!j) return err;
  std::string key = j->value("key", j->value("family", j->value("machineType", std::string())));
  if (key.empty()) return bad_request("key (or family/machineType) is required");
  w.set_quota(provider, key, optional_int(*j, "limit"));
  return ok_json({{"provider", provider}, {"key", key}, {"limit", j->contains("limit") ? (*j)["limit"] : json()}});
}

HttpResponse post_fault(World& w, const HttpRequest& req) {
  std::string provider;
  HttpResponse err;
  auto j = parse(req, provider, err);
  if (!j) return err;
  Fault f;
  f.provider = provider;
  f.remaining = j->value("count", 1);
  f.status = j->value("status", 500);
  f.code = j->value("code", std::string());
  f.message = j->value("message", std::string());
  f.retry_after_seconds = j->value("retryAfterSeconds", 0);
  if (j->contains("body") && (*j)["body"].is_string()) f.body = (*j)["body"].get<std::string>();
  if (f.remaining < 1 || f.status < 100 || f.status > 599) return bad_request("count >= 1 and a valid status required");
  w.add_fault(f);
  return ok_json({{"provider", provider}, {"count", f.remaining}, {"status", f.status}});
}

HttpResponse post_provisioning(World& w, const HttpRequest& req) {
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("seconds") || !j["seconds"].is_number())
    return bad_request("body must be {\"seconds\": N}");
  double s = j["seconds"].get<double>();
  if (s < 0) return bad_request("seconds must be >= 0");
  w.set_provisioning_time(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s)));
  return ok_json({{"seconds", s}});
}

json optional_json(const std::optional<int>& v) { return v ? json(*v) : json(); }

json pool_json(const World& w, const PoolRecord& p) {
  return {{"provider", p.provider},   {"cluster", p.cluster},         {"id", p.id},
          {"name", p.name},           {"region", p.region},           {"machineType", p.machine_type},
          {"nodeCount", p.node_count}, {"readyNodes", w.ready_nodes(p)}, {"labels", p.labels},
          {"createdBy", p.created_by}, {"state", p.state},           {"autoscaling", p.autoscaling},
          {"minNodes", optional_json(p.min_nodes)}, {"maxNodes", optional_json(p.max_nodes)}};
}

// provider -> method -> count for every provider and write method, zeros
// included, so a test reads `.writes.GKE.POST` without null checks.
json writes_json(const World& w) {
  json out = json::object();
  auto counted = w.writes();
  for (const char* provider : {"GKE", "AKS", "OKE", "CoreWeave"}) counted[provider];
  for (const auto& [provider, methods] : counted) {
    json by_method = json::object();
    for (const auto& m : write_methods()) {
      auto it = methods.find(m);
      by_method[m] = it == methods.end() ? 0L : it->second;
    }
    out[provider] = by_method;
  }
  return out;
}

HttpResponse get_state(World& w) {
  json pools = json::array();
  for (const auto& p : w.pools()) pools.push_back(pool_json(w, p));
  json requests = json::array();
  for (const auto& [k, s] : w.request_stats())
    requests.push_back(
        {{"provider", k.first}, {"identity", k.second}, {"count", s.count}, {"maxPerSecond", s.max_per_second}});
  json faults = json::array();
  for (const auto& f : w.faults())
    faults.push_back({{"provider", f.provider}, {"remaining", f.remaining}, {"status", f.status}});
  double prov = std::chrono::duration<double>(w.provisioning_time()).count();
  return ok_json({{"pools", pools},
                  {"requests", requests},
                  {"writes", writes_json(w)},
                  {"faults", faults},
                  {"provisioningSeconds", prov}});
}
}  // namespace

std::string canonical_provider(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "gke") return "GKE";
  if (lower == "aks") return "AKS";
  if (lower == "oke") return "OKE";
  if (lower == "coreweave" || lower == "cks") return "CoreWeave";
  return "";
}

bool is_admin_path(const std::string& path) { return path == "/state" || path.rfind("/clouds/", 0) == 0; }

HttpResponse handle_admin(World& w, const HttpRequest& req) {
  const auto& p = req.path;
  const auto& m = req.method;
  if (p == "/state" && m == "GET") return get_state(w);
  if (p == "/clouds/capacity" && m == "POST") return post_capacity(w, req);
  if (p == "/clouds/quota" && m == "POST") return post_quota(w, req);
  if (p == "/clouds/faults" && m == "POST") return post_fault(w, req);
  if (p == "/clouds/faults" && m == "DELETE") {
    w.clear_faults(canonical_provider(req.param("provider").value_or("")));
    return ok_json(json::object());
  }
  if (p == "/clouds/provisioning" && m == "POST") return post_provisioning(w, req);
  if (p == "/clouds/reset" && m == "POST") {
    w.reset();
    return ok_json(json::object());
  }
  if (is_admin_path(p)) return status_response(405, "MethodNotAllowed", m + " " + p + " is not supported");
  return status_response(404, "NotFound", "no admin route " + p);
}

}  // namespace gpupool::sim::cloud
