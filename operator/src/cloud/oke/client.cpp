#include "cloud/oke/client.h"

#include <cctype>
#include <cstdio>

#include "cloud/oke/errors.h"

namespace gpupool::cloud::oke {

namespace {
using nlohmann::json;
constexpr int kMaxPages = 1000;  // guards against a server that never stops paging
}  // namespace

std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

OkeClient::OkeClient(std::shared_ptr<http::Transport> transport, std::string path_prefix, ClusterRef ref)
    : transport_(std::move(transport)), prefix_(std::move(path_prefix)), ref_(std::move(ref)) {
  while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
}

std::string OkeClient::path(const std::string& rest) const { return prefix_ + "/20180222" + rest; }

Result<http::Response> OkeClient::call(http::Request req) {
  req.headers.emplace_back("accept", "application/json");
  std::string what = req.method + " " + req.target;
  auto resp = transport_->send(req);
  if (!resp) return resp.error().with_context(what);
  if (resp->status < 200 || resp->status > 299)
    return map_http_error(resp->status, resp->body, resp->header("retry-after"), resp->header("opc-request-id"));
  return resp;
}

Result<std::string> OkeClient::mutate(http::Request req) {
  std::string what = req.method + " " + req.target;
  auto resp = call(std::move(req));
  if (!resp) return resp.error();
  std::string wr = resp->header("opc-work-request-id");
  if (wr.empty()) return fail(ErrorCode::Unavailable, what + ": answer has no opc-work-request-id");
  return wr;
}

Result<json> OkeClient::get_json(const std::string& target, bool want_array) {
  http::Request req;
  req.target = target;
  auto resp = call(req);
  if (!resp) return resp.error();
  json j = json::parse(resp->body, nullptr, false);
  if (j.is_discarded() || (want_array ? !j.is_array() : !j.is_object()))
    return fail(ErrorCode::Unavailable, "GET " + target + ": response body is not a JSON " +
                                            (want_array ? "array" : "object"));
  return j;
}

Result<std::string> OkeClient::create_node_pool(const json& details, const std::string& retry_token) {
  http::Request req;
  req.method = "POST";
  req.target = path("/nodePools");
  req.body = details.dump();
  req.headers.emplace_back("content-type", "application/json");
  req.headers.emplace_back("opc-retry-token", retry_token);
  req.idempotent = true;  // the retry token makes a resend return the same work request
  return mutate(std::move(req));
}

Result<Tagged> OkeClient::get_node_pool(const std::string& id) {
  http::Request req;
  req.target = path("/nodePools/" + url_encode(id));
  auto resp = call(req);
  if (!resp) return resp.error();
  json j = json::parse(resp->body, nullptr, false);
  if (!j.is_object()) return fail(ErrorCode::Unavailable, "GET " + req.target + ": response body is not a JSON object");
  return Tagged{std::move(j), resp->header("etag")};
}

Result<std::vector<json>> OkeClient::list_node_pools() {
  std::vector<json> out;
  std::string base = path("/nodePools?compartmentId=" + url_encode(ref_.compartment_id) +
                          "&clusterId=" + url_encode(ref_.cluster_id));
  std::string page;
  for (int n = 0; n < kMaxPages; ++n) {
    http::Request req;
    req.target = base + (page.empty() ? "" : "&page=" + url_encode(page));
    auto resp = call(req);
    if (!resp) return resp.error();
    json j = json::parse(resp->body, nullptr, false);
    if (!j.is_array()) return fail(ErrorCode::Unavailable, "GET " + req.target + ": response body is not a JSON array");
    for (auto& item : j) out.push_back(std::move(item));
    page = resp->header("opc-next-page");
    if (page.empty()) return out;
  }
  return fail(ErrorCode::Unavailable, "listing node pools: more than " + std::to_string(kMaxPages) + " pages");
}

Result<std::string> OkeClient::update_node_pool(const std::string& id, const json& details,
                                                const std::string& if_match) {
  http::Request req;
  req.method = "PUT";
  req.target = path("/nodePools/" + url_encode(id));
  req.body = details.dump();
  req.headers.emplace_back("content-type", "application/json");
  if (!if_match.empty()) req.headers.emplace_back("if-match", if_match);
  return mutate(std::move(req));
}

Result<std::string> OkeClient::delete_node_pool(const std::string& id, const std::string& if_match) {
  http::Request req;
  req.method = "DELETE";
  req.target = path("/nodePools/" + url_encode(id));
  if (!if_match.empty()) req.headers.emplace_back("if-match", if_match);
  return mutate(std::move(req));
}

Result<json> OkeClient::get_work_request(const std::string& id) {
  return get_json(path("/workRequests/" + url_encode(id)), false);
}

Result<json> OkeClient::list_work_request_errors(const std::string& id) {
  // compartmentId is a required query parameter of ListWorkRequestErrors.
  return get_json(path("/workRequests/" + url_encode(id) + "/errors?compartmentId=" + url_encode(ref_.compartment_id)),
                  true);
}

}  // namespace gpupool::cloud::oke
