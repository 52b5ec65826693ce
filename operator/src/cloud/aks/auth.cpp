#include "cloud/aks/auth.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "cloud/errors.h"

namespace gpupool::cloud::aks {

namespace {
using nlohmann::json;

std::string form_escape(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Entra answers {"error":"invalid_client","error_description":"AADSTS7000215: ..."}.
Error token_error(const http::Response& r) {
  json j = json::parse(r.body, nullptr, false);
  std::string code = j.is_object() ? j.value("error", std::string()) : std::string();
  std::string desc = j.is_object() ? j.value("error_description", std::string()) : std::string();
  // The description's first sentence names the AADSTS code; the rest is trace ids.
  if (auto dot = desc.find(". "); dot != std::string::npos) desc = desc.substr(0, dot + 1);
  std::string msg = "Entra ID token endpoint answered " + std::to_string(r.status) +
                    (code.empty() ? "" : ": " + code) + (desc.empty() ? "" : " (" + desc + ")");
  ErrorCode ec = code_for_http_status(r.status);
  if (r.status == 400 || r.status == 401 || r.status == 403) ec = ErrorCode::Unauthenticated;
  Error e(ec, msg);
  if (r.status == 429) e = rate_limited(msg, parse_retry_after(r.header("retry-after")));
  e.http_status = r.status;
  e.reason = code;
  return e;
}
}  // namespace

Result<AksCredentials> credentials_from_secret(const std::map<std::string, std::string>& data) {
  AksCredentials c;
  auto get = [&](const char* key) {
    auto it = data.find(key);
    return it == data.end() ? std::string() : it->second;
  };
  c.tenant_id = get("tenantId");
  c.client_id = get("clientId");
  c.client_secret = get("clientSecret");
  if (auto host = get("authorityHost"); !host.empty()) c.authority_host = host;
  const std::pair<const char*, const std::string*> required[] = {
      {"tenantId", &c.tenant_id}, {"clientId", &c.client_id}, {"clientSecret", &c.client_secret}};
  for (const auto& [key, value] : required)
    if (value->empty()) return fail(ErrorCode::InvalidArgument, std::string("aks credentials: secret key ") + key + " is missing");
  while (!c.authority_host.empty() && c.authority_host.back() == '/') c.authority_host.pop_back();
  return c;
}

std::string token_path(const AksCredentials& c) { return "/" + c.tenant_id + "/oauth2/v2.0/token"; }

std::string token_request_body(const AksCredentials& c) {
  return "client_id=" + form_escape(c.client_id) + "&client_secret=" + form_escape(c.client_secret) +
         "&grant_type=client_credentials&scope=" + form_escape(kArmScope);
}

Result<AccessToken> request_token(http::Transport& transport, const AksCredentials& c) {
  http::Request req;
  req.method = "POST";
  req.target = token_path(c);
  req.idempotent = false;
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  req.body = token_request_body(c);
  auto r = transport.send(req);
  if (!r) return r.error().with_context("requesting AKS access token");
  if (r->status != 200) return token_error(*r);
  json j = json::parse(r->body, nullptr, false);
  if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string())
    return fail(ErrorCode::Unavailable, "Entra ID token endpoint answered without access_token");
  // v2 sends numbers; accept strings too (the v1 endpoint's shape).
  long expires = 3599;
  const json& e = j.contains("expires_in") ? j["expires_in"] : json();
  if (e.is_number_integer()) expires = e.get<long>();
  else if (e.is_string()) expires = std::strtol(e.get<std::string>().c_str(), nullptr, 10);
  return AccessToken{j["access_token"].get<std::string>(), std::chrono::seconds(expires)};
}

std::shared_ptr<TokenCache> make_token_cache(AksCredentials c, std::shared_ptr<http::Transport> login, Clock& clock) {
  auto fetch = [c = std::move(c), t = std::move(login)]() { return request_token(*t, c); };
  return std::make_shared<TokenCache>(std::move(fetch), clock);
}

}  // namespace gpupool::cloud::aks
