// Routing of the container v1 API paths of the simulated GKE.
#include "sim/gke/google_error.h"
#include "sim/gke/pool_routes.h"
#include "sim/gke/sim_impl.h"

namespace gpupool::sim::gke {

namespace {
std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 1;
  while (i <= path.size()) {
    auto j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

HttpResponse ok(const json& j) {
  auto r = HttpResponse::json(200, j.dump());
  r.headers = {{"Content-Type", "application/json; charset=UTF-8"}};
  return r;
}
}  // namespace

HttpResponse GkeSim::Impl::container_api(const HttpRequest& req, const std::string& identity, bool int_enums) {
  // v1 projects {p} locations {l} (clusters {c} [nodePools [{np}[:verb]]] | operations {op})
  auto s = segments(req.path);
  std::string parent = "projects/" + (s.size() > 2 ? s[2] : "") + "/locations/" + (s.size() > 4 ? s[4] : "");
  if (s.size() < 6 || s[1] != "projects" || s[3] != "locations") return not_found(req.path.substr(4));
  if (s[2] != opts.project || s[4] != opts.location) return not_found(parent);
  const std::string& m = req.method;
  if (s[5] == "operations" && s.size() == 7 && m == "GET") {
    auto it = ops.find(s[6]);
    if (it == ops.end()) return not_found(parent + "/operations/" + s[6]);
    return ok(render_op(it->second, int_enums));
  }
  if (s[5] != "clusters" || s.size() < 7 || s[6] != opts.cluster) return not_found(req.path.substr(4));
  PoolRoutes routes{*this, identity, int_enums};
  if (s.size() == 7 && m == "GET") {
    json pools_json = json::array();
    for (const auto& [n, p] : pools) pools_json.push_back(render_pool(p, int_enums));
    return ok({{"name", opts.cluster}, {"location", opts.location}, {"locations", opts.zones}, {"status", "RUNNING"},
               {"nodePools", pools_json}, {"currentMasterVersion", "1.30.5-gke.1014001"},
               {"selfLink", opts.base_url + "/v1/" + parent + "/clusters/" + opts.cluster}});
  }
  if (s.size() < 8 || s[7] != "nodePools") return not_found(req.path.substr(4));
  if (s.size() == 8 && m == "GET") {
    json list = json::array();
    for (const auto& [n, p] : pools) list.push_back(render_pool(p, int_enums));
    return ok({{"nodePools", list}});
  }
  if (s.size() == 8 && m == "POST") return routes.create(req);
  if (s.size() != 9) return not_found(req.path.substr(4));
  std::string name = s[8], verb;
  if (auto colon = name.find(':'); colon != std::string::npos) verb = name.substr(colon + 1), name = name.substr(0, colon);
  if (verb == "setSize" && m == "POST") return routes.set_size(name, req);
  if (verb == "setAutoscaling" && m == "POST") return routes.set_autoscaling(name, req);
  if (!verb.empty()) return not_found(req.path.substr(4));
  if (m == "DELETE") return routes.remove(name);
  if (m != "GET") return google_error(405, "METHOD_NOT_ALLOWED", "methodNotAllowed", m + " is not allowed here.");
  auto it = pools.find(name);
  if (it == pools.end()) return not_found(routes.resource(name));
  return ok(render_pool(it->second, int_enums));
}

}  // namespace gpupool::sim::gke
