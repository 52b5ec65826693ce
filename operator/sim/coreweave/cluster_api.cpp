#include "sim/coreweave/cluster_api.h"

#include <nlohmann/json.hpp>

namespace gpupool::sim::coreweave {

namespace {
using nlohmann::json;
constexpr const char* kPrefix = "/v1beta1/cks/clusters";

HttpResponse connect_error(int status, const std::string& code, const std::string& message) {
  return HttpResponse::json(status, json{{"code", code}, {"message", message}}.dump());
}

json cluster(const std::string& id, const std::string& zone, const std::string& api_server) {
  return {{"id", id},
          {"name", id},
          {"zone", zone},
          {"public", true},
          {"version", "v1.32"},
          {"network", {{"podCidrName", "pod-cidr"}, {"serviceCidrName", "service-cidr"}}},
          {"apiServerEndpoint", api_server},
          {"status", "STATUS_RUNNING"}};
}
}  // namespace

bool is_cluster_api_path(const std::string& path) { return path.rfind(kPrefix, 0) == 0; }

HttpResponse cluster_api(const HttpRequest& req, bool authenticated, const std::string& cluster_id,
                         const std::string& zone, const std::string& api_server) {
  if (!authenticated) return connect_error(401, "unauthenticated", "invalid or missing API access token");
  if (req.method != "GET") return connect_error(501, "unimplemented", "the simulator's cluster API is read-only");
  std::string rest = req.path.substr(std::string(kPrefix).size());
  if (rest.empty() || rest == "/") return HttpResponse::json(200, json{{"items", {cluster(cluster_id, zone, api_server)}}}.dump());
  if (rest == "/" + cluster_id) return HttpResponse::json(200, cluster(cluster_id, zone, api_server).dump());
  return connect_error(404, "not_found", "cluster " + rest.substr(1) + " not found");
}

}  // namespace gpupool::sim::coreweave
