// The simulated Entra ID login host (wire-samples/aks.md): instance
// discovery, OpenID metadata, JWKS and the v2.0 token endpoint, answering
// exactly the requests MSAL Node and our client send.
#include <strings.h>

#include "sim/aks/arm_error.h"
#include "sim/aks/ids.h"
#include "sim/aks/sim_impl.h"
#include "sim/server/url_codec.h"

namespace gpupool::sim::aks {

namespace {
std::string field(const std::multimap<std::string, std::string>& form, const char* key) {
  auto it = form.find(key);
  return it == form.end() ? std::string() : it->second;
}

// The host part of an absolute URL ("https://h:1/x" -> "h:1").
std::string host_of(const std::string& url) {
  auto b = url.find("://");
  b = b == std::string::npos ? 0 : b + 3;
  return url.substr(b, url.find('/', b) - b);
}

bool arm_scope(const std::string& scope) {
  // "https://management.azure.com/.default" (also the legacy resource id, with its double slash).
  return scope == "https://management.azure.com/.default" || scope == "https://management.azure.com//.default" ||
         scope == "https://management.core.windows.net//.default" ||
         scope == "https://management.core.windows.net/.default";
}

// client_secret_basic: "Basic base64(client_id:client_secret)".
std::pair<std::string, std::string> basic_credentials(const std::string& header) {
  if (strncasecmp(header.c_str(), "Basic ", 6) != 0) return {};
  static const std::string abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int n = 0;
  for (char c : header.substr(6)) {
    auto pos = abc.find(c);
    if (pos == std::string::npos) continue;
    bits = (bits << 6) | static_cast<unsigned>(pos);
    if ((n += 6) >= 8) out += static_cast<char>((bits >> (n -= 8)) & 0xFF);
  }
  auto colon = out.find(':');
  if (colon == std::string::npos) return {};
  return {percent_decode(out.substr(0, colon), true), percent_decode(out.substr(colon + 1), true)};
}
}  // namespace

std::optional<HttpResponse> AksSim::Impl::login(const HttpRequest& req) {
  const std::string& p = req.path;
  if (req.method == "GET" && p == "/common/discovery/instance") return instance_discovery(req);
  auto slash = p.find('/', 1);
  if (slash == std::string::npos) return std::nullopt;
  std::string tenant = p.substr(1, slash - 1), rest = p.substr(slash);
  if (tenant == "subscriptions") return std::nullopt;
  if (req.method == "POST" && rest == "/oauth2/v2.0/token") return token_endpoint(req, tenant);
  if (req.method == "GET" && rest == "/v2.0/.well-known/openid-configuration") return openid_configuration(req, tenant);
  if (req.method == "GET" && rest == "/discovery/v2.0/keys") return HttpResponse::json(200, R"({"keys":[]})");
  return std::nullopt;
}

HttpResponse AksSim::Impl::instance_discovery(const HttpRequest& req) {
  // MSAL asks the public host about our authority; answer for the authority it names.
  std::string endpoint = req.param("authorization_endpoint").value_or("");
  std::string host = host_of(endpoint.empty() ? login_base(req) : endpoint);
  std::string base = endpoint.empty() ? login_base(req) : endpoint.substr(0, endpoint.find(host) + host.size());
  std::string tenant = opts.tenant_id;
  auto after = endpoint.find(host);
  if (after != std::string::npos && endpoint.size() > after + host.size() + 1) {
    std::string tail = endpoint.substr(after + host.size() + 1);
    tenant = tail.substr(0, tail.find('/'));
  }
  json body = {{"tenant_discovery_endpoint", base + "/" + tenant + "/v2.0/.well-known/openid-configuration"},
               {"api-version", "1.1"},
               {"metadata", json::array({{{"preferred_network", host}, {"preferred_cache", host}, {"aliases", {host}}}})}};
  return HttpResponse::json(200, body.dump());
}

HttpResponse AksSim::Impl::openid_configuration(const HttpRequest& req, const std::string& tenant) {
  if (tenant != opts.tenant_id)
    return aad_error(400, "invalid_tenant", "90002", "Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
  std::string b = login_base(req), t = b + "/" + tenant;
  json body = {{"token_endpoint", t + "/oauth2/v2.0/token"},
               {"token_endpoint_auth_methods_supported", {"client_secret_post", "private_key_jwt", "client_secret_basic"}},
               {"jwks_uri", t + "/discovery/v2.0/keys"},
               {"response_modes_supported", {"query", "fragment", "form_post"}},
               {"subject_types_supported", {"pairwise"}},
               {"id_token_signing_alg_values_supported", {"RS256"}},
               {"response_types_supported", {"code", "id_token", "code id_token", "id_token token"}},
               {"scopes_supported", {"openid", "profile", "email", "offline_access"}},
               {"issuer", t + "/v2.0"},
               {"request_uri_parameter_supported", false},
               {"userinfo_endpoint", b + "/oidc/userinfo"},
               {"authorization_endpoint", t + "/oauth2/v2.0/authorize"},
               {"device_authorization_endpoint", t + "/oauth2/v2.0/devicecode"},
               {"http_logout_supported", true},
               {"frontchannel_logout_supported", true},
               {"end_session_endpoint", t + "/oauth2/v2.0/logout"},
               {"claims_supported", {"sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid"}},
               {"tenant_region_scope", "NA"},
               {"cloud_instance_name", "microsoftonline.com"},
               {"cloud_graph_host_name", "graph.windows.net"},
               {"msgraph_host", "graph.microsoft.com"}};
  return HttpResponse::json(200, body.dump());
}

HttpResponse AksSim::Impl::token_endpoint(const HttpRequest& req, const std::string& tenant) {
  world.count_request("AKS", "token-endpoint");
  auto form = parse_query(req.body);  // unknown fields (MSAL telemetry, claims) are ignored
  auto [basic_id, basic_secret] = basic_credentials(req.header("authorization"));
  std::string client_id = basic_id.empty() ? field(form, "client_id") : basic_id;
  std::string secret = basic_id.empty() ? field(form, "client_secret") : basic_secret;
  if (tenant != opts.tenant_id)
    return aad_error(400, "invalid_request", "90002", "Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
  if (field(form, "grant_type") != "client_credentials")
    return aad_error(400, "unsupported_grant_type", "70003", "The app requested an unsupported grant type '" + field(form, "grant_type") + "'.");
  if (client_id != opts.client_id)
    return aad_error(400, "unauthorized_client", "700016", "Application with identifier '" + client_id + "' was not found in the directory '" + tenant + "'.");
  if (secret.empty())
    return aad_error(401, "invalid_client", "7000216", "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
  if (secret != opts.client_secret)
    return aad_error(401, "invalid_client", "7000215", "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + client_id + "'.");
  if (!arm_scope(field(form, "scope")))
    return aad_error(400, "invalid_scope", "1002012", "The provided value for scope " + field(form, "scope") + " is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
  auto iat = std::chrono::duration_cast<std::chrono::seconds>(world.clock().wall_now().time_since_epoch()).count();
  auto life = opts.token_lifetime.count();
  json claims = {{"aud", "https://management.azure.com"}, {"iss", "https://sts.windows.net/" + tenant + "/"},
                 {"iat", iat}, {"nbf", iat}, {"exp", iat + life}, {"appid", client_id}, {"tid", tenant},
                 {"oid", guid()}, {"idtyp", "app"}, {"ver", "1.0"}};
  std::string token = base64url(R"({"typ":"JWT","alg":"RS256","kid":"sim"})") + "." + base64url(claims.dump()) + "." +
                      base64url(guid() + guid());  // opaque: the simulator looks tokens up
  tokens[token] = {client_id, world.clock().now() + opts.token_lifetime,
                   world.clock().wall_now() + opts.token_lifetime};
  ++tokens_issued;
  auto r = HttpResponse::json(200, json{{"token_type", "Bearer"}, {"expires_in", life}, {"ext_expires_in", life},
                                        {"access_token", token}}.dump());
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"client-request-id", guid()}};
  return r;
}

}  // namespace gpupool::sim::aks
