#include "cloud/aks/client.h"

#include "cloud/aks/errors.h"

namespace gpupool::cloud::aks {

namespace {
using nlohmann::json;

std::string with_version(const std::string& path) { return path + "?api-version=" + std::string(kApiVersion); }

Result<json> parse_object(const http::Response& r, const std::string& what) {
  json j = json::parse(r.body.empty() ? std::string("{}") : r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(ErrorCode::Unavailable, what + ": response body is not a JSON object");
  return j;
}
}  // namespace

std::string url_target(const std::string& url, std::string_view api_version) {
  std::string target = url;
  if (auto scheme = url.find("://"); scheme != std::string::npos) {
    auto slash = url.find('/', scheme + 3);
    target = slash == std::string::npos ? "/" : url.substr(slash);
  }
  if (!api_version.empty() && target.find("api-version=") == std::string::npos)
    target += (target.find('?') == std::string::npos ? "?" : "&") + std::string("api-version=") + std::string(api_version);
  return target;
}

AksClient::AksClient(std::shared_ptr<http::Transport> arm, std::shared_ptr<TokenCache> tokens, ArmRef ref)
    : arm_(std::move(arm)), tokens_(std::move(tokens)), ref_(std::move(ref)) {}

std::string AksClient::pool_path(const std::string& name) const {
  std::string p = "/subscriptions/" + ref_.subscription + "/resourceGroups/" + ref_.resource_group +
                  "/providers/Microsoft.ContainerService/managedClusters/" + ref_.cluster + "/agentPools";
  return name.empty() ? p : p + "/" + name;
}

Result<http::Response> AksClient::send_authorized(http::Request req) {
  // An expired or revoked token gets one fresh token and one more try.
  req.headers.emplace_back("Accept", "application/json");
  for (int attempt = 0;; ++attempt) {
    auto token = tokens_->token();
    if (!token) return token.error();
    http::Request r = req;
    r.headers.emplace_back("Authorization", "Bearer " + *token);
    auto resp = arm_->send(r);
    if (!resp || resp->status != 401 || attempt == 1) return resp;
    tokens_->invalidate();
  }
}

Result<json> AksClient::get_json(const std::string& target) {
  http::Request req;
  req.target = target;
  auto r = send_authorized(std::move(req));
  if (!r) return r.error();
  if (r->status < 200 || r->status > 299) return map_http_error(r->status, r->body, r->header("retry-after"));
  return parse_object(*r, "GET " + target);
}

Result<json> AksClient::get_pool(const std::string& name) { return get_json(with_version(pool_path(name))); }

Result<std::vector<json>> AksClient::list_pools() {
  std::vector<json> out;
  std::string target = with_version(pool_path());
  for (int page = 0; page < 1000 && !target.empty(); ++page) {
    auto r = get_json(target);
    if (!r) return r.error();
    const json& value = r->contains("value") ? (*r)["value"] : json::array();
    if (!value.is_array()) return fail(ErrorCode::Unavailable, "agentPools list: value is not an array");
    for (const auto& p : value) out.push_back(p);
    auto next = r->contains("nextLink") && (*r)["nextLink"].is_string() ? (*r)["nextLink"].get<std::string>() : "";
    target = next.empty() ? "" : url_target(next, kApiVersion);
  }
  return out;
}

Result<ArmReply> AksClient::put_pool(const std::string& name, const json& body, const std::string& if_match,
                                     const std::string& if_none_match) {
  http::Request req;
  req.method = "PUT";
  req.target = with_version(pool_path(name));
  req.body = body.dump();
  // Not blindly resent: a 429/5xx goes back to the controller's retry policy.
  req.idempotent = false;
  req.headers.emplace_back("Content-Type", "application/json");
  if (!if_match.empty()) req.headers.emplace_back("If-Match", if_match);
  if (!if_none_match.empty()) req.headers.emplace_back("If-None-Match", if_none_match);
  auto r = send_authorized(std::move(req));
  if (!r) return r.error();
  if (r->status < 200 || r->status > 299) return map_http_error(r->status, r->body, r->header("retry-after"));
  auto j = parse_object(*r, "PUT agent pool " + name);
  if (!j) return j.error();
  return ArmReply{r->status, *j, r->header("azure-asyncoperation"), r->header("location")};
}

Result<ArmReply> AksClient::delete_pool(const std::string& name) {
  http::Request req;
  req.method = "DELETE";
  req.target = with_version(pool_path(name));
  req.idempotent = false;
  auto r = send_authorized(std::move(req));
  if (!r) return r.error();
  if (r->status < 200 || r->status > 299) return map_http_error(r->status, r->body, r->header("retry-after"));
  // DELETE answers carry no body worth reading (202/204).
  return ArmReply{r->status, json::object(), r->header("azure-asyncoperation"), r->header("location")};
}

Result<http::Response> AksClient::get_url(const std::string& url) {
  http::Request req;
  req.target = url_target(url, kApiVersion);
  return send_authorized(std::move(req));
}

}  // namespace gpupool::cloud::aks
