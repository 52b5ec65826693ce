#include "cloud/gke/client.h"

#include "cloud/gke/auth.h"
#include "cloud/gke/errors.h"

namespace gpupool::cloud::gke {

namespace {
using nlohmann::json;

// Path of an absolute URL ("https://www.googleapis.com/compute/v1/..." -> "/compute/v1/...").
std::string url_path(const std::string& url) {
  auto parts = split_url(url);
  return parts ? parts->path : url;
}
}  // namespace

GkeClient::GkeClient(std::shared_ptr<http::Transport> container, std::shared_ptr<http::Transport> compute,
                     std::shared_ptr<TokenCache> tokens, ClusterRef ref)
    : container_(std::move(container)), compute_(std::move(compute)), tokens_(std::move(tokens)), ref_(std::move(ref)) {}

std::string GkeClient::cluster_path() const {
  return "/v1/projects/" + ref_.project + "/locations/" + ref_.location + "/clusters/" + ref_.cluster;
}

Result<http::Response> GkeClient::send_authorized(http::Transport& t, http::Request req) {
  // An expired or revoked token gets one fresh token and one more try.
  for (int attempt = 0;; ++attempt) {
    auto token = tokens_->token();
    if (!token) return token.error();
    http::Request r = req;
    r.headers.emplace_back("Authorization", "Bearer " + *token);
    auto resp = t.send(r);
    if (!resp || resp->status != 401 || attempt == 1) return resp;
    tokens_->invalidate();
  }
}

Result<json> GkeClient::call(http::Transport& t, const std::string& method, const std::string& target,
                             const std::string& body) {
  http::Request req;
  req.method = method;
  req.target = target;
  req.body = body;
  req.idempotent = method == "GET";
  req.headers.emplace_back("Accept", "application/json");
  if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
  auto resp = send_authorized(t, std::move(req));
  if (!resp) return resp.error();
  if (resp->status < 200 || resp->status > 299)
    return map_http_error(resp->status, resp->body, resp->header("retry-after"));
  json j = json::parse(resp->body.empty() ? std::string("{}") : resp->body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return fail(ErrorCode::Unavailable, method + " " + target + ": response body is not a JSON object");
  return j;
}

Result<json> GkeClient::get_cluster() { return call(*container_, "GET", cluster_path(), ""); }

Result<json> GkeClient::list_node_pools() { return call(*container_, "GET", cluster_path() + "/nodePools", ""); }

Result<json> GkeClient::get_node_pool(const std::string& name) {
  return call(*container_, "GET", cluster_path() + "/nodePools/" + name, "");
}

Result<json> GkeClient::create_node_pool(const json& request) {
  return call(*container_, "POST", cluster_path() + "/nodePools", request.dump());
}

Result<json> GkeClient::set_size(const std::string& name, int per_zone) {
  return call(*container_, "POST", cluster_path() + "/nodePools/" + name + ":setSize",
              json{{"nodeCount", per_zone}}.dump());
}

Result<json> GkeClient::set_autoscaling(const std::string& name, const json& autoscaling) {
  return call(*container_, "POST", cluster_path() + "/nodePools/" + name + ":setAutoscaling",
              json{{"autoscaling", autoscaling}}.dump());
}

Result<json> GkeClient::delete_node_pool(const std::string& name) {
  return call(*container_, "DELETE", cluster_path() + "/nodePools/" + name, "");
}

Result<json> GkeClient::get_operation(const std::string& op) {
  // Operation names are bare ids; the path is built here (cloud-apis.md §1.4).
  return call(*container_, "GET", "/v1/projects/" + ref_.project + "/locations/" + ref_.location + "/operations/" + op,
              "");
}

Result<json> GkeClient::get_instance_group_manager(const std::string& igm_url) {
  return call(*compute_, "GET", url_path(igm_url), "");
}

Result<json> GkeClient::list_managed_instances(const std::string& igm_url) {
  // A POST that only reads: safe to resend, but the transport treats POST as
  // non-idempotent, which only costs a retry.
  return call(*compute_, "POST", url_path(igm_url) + "/listManagedInstances", "");
}

}  // namespace gpupool::cloud::gke
