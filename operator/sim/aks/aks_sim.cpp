#include "sim/aks/aks_sim.h"

#include <strings.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sim/aks/arm_error.h"
#include "sim/aks/ids.h"
#include "sim/aks/sim_impl.h"

namespace gpupool::sim::aks {

namespace {
std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::stringstream ss(path);
  std::string s;
  while (std::getline(ss, s, '/'))
    if (!s.empty()) out.push_back(s);
  return out;
}

// ARM matches fixed path segments case-insensitively.
bool same(const std::string& a, const char* b) { return strcasecmp(a.c_str(), b) == 0; }

bool pools_path(const std::vector<std::string>& s) {
  return (s.size() == 9 || s.size() == 10) && same(s[0], "subscriptions") && same(s[2], "resourceGroups") &&
         same(s[4], "providers") && same(s[5], "Microsoft.ContainerService") && same(s[6], "managedClusters") &&
         same(s[8], "agentPools");
}

bool operations_path(const std::vector<std::string>& s) {
  return s.size() == 8 && same(s[0], "subscriptions") && same(s[2], "providers") &&
         same(s[3], "Microsoft.ContainerService") && same(s[4], "locations") &&
         (same(s[6], "operations") || same(s[6], "operationresults"));
}

HttpResponse fault_response(const cloud::Fault& f) {
  HttpResponse r;
  if (f.body) {
    r = HttpResponse::json(f.status, *f.body);
  } else {
    std::string code = !f.code.empty() ? f.code
                       : f.status == 429 ? "TooManyRequests"
                       : f.status >= 500 ? "InternalServerError"
                                         : "BadRequest";
    r = arm_error(f.status, code, f.message.empty() ? "Injected fault: " + code : f.message);
  }
  if (f.retry_after_seconds > 0) r.headers.emplace_back("Retry-After", std::to_string(f.retry_after_seconds));
  return r;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}
}  // namespace

AksSim::Impl::Impl(cloud::World& w, AksSimOptions o) : world(w), opts(std::move(o)), throttle(w.clock(), opts.limits) {
  if (opts.tenant_id.empty()) opts.tenant_id = guid();
  if (opts.client_id.empty()) opts.client_id = guid();
  if (opts.client_secret.empty()) opts.client_secret = random_secret();
  if (opts.subscription_id.empty()) opts.subscription_id = guid();
}

std::string AksSim::Impl::arm_base(const HttpRequest& req) const {
  return !opts.arm_url.empty() ? opts.arm_url : "https://" + req.header("host");
}
std::string AksSim::Impl::login_base(const HttpRequest& req) const {
  return !opts.login_url.empty() ? opts.login_url : "https://" + req.header("host");
}
std::string AksSim::Impl::wall_time() const { return rfc3339(world.clock().wall_now()); }

std::string AksSim::Impl::pool_id(const std::string& name) const {
  return "/subscriptions/" + opts.subscription_id + "/resourceGroups/" + opts.resource_group +
         "/providers/Microsoft.ContainerService/managedClusters/" + opts.cluster + "/agentPools/" + name;
}

HttpResponse AksSim::Impl::handle(const HttpRequest& req) {
  std::lock_guard lock(mu);
  if (auto r = login(req)) return *r;
  if (segments(req.path).empty() || !same(segments(req.path)[0], "subscriptions"))
    return arm_error(404, "NotFound", "The requested path " + req.path + " was not found.");
  std::string client_id;
  auto denied = authenticate(req, client_id);
  world.count_request("AKS", client_id.empty() ? "anonymous" : client_id, cloud::write_method_of(req.method));
  if (denied) return *denied;
  if (auto f = world.take_fault("AKS")) return fault_response(*f);
  auto s = segments(req.path);
  auto t = throttle.take(s.size() > 1 ? s[1] : "", client_id, req.method);
  std::string header = "x-ms-ratelimit-remaining-subscription-" + t.kind;
  if (!t.allowed) {
    auto r = arm_error(429, "SubscriptionRequestsThrottled",
                       "Number of '" + t.kind.substr(0, t.kind.size() - 1) + "' requests for subscription '" + s[1] +
                           "' actor '" + client_id + "' exceeded. Please try again after '" +
                           std::to_string(t.retry_after_seconds) +
                           "' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling");
    r.headers.emplace_back("Retry-After", std::to_string(t.retry_after_seconds));
    r.headers.emplace_back(header, "0");
    return r;
  }
  HttpResponse r = arm(req, client_id);
  r.headers.emplace_back(header, std::to_string(t.remaining));
  r.headers.emplace_back("x-ms-request-id", guid());
  return r;
}

HttpResponse AksSim::Impl::arm(const HttpRequest& req, const std::string& identity) {
  auto s = segments(req.path);
  auto version = req.param("api-version");
  if (!version || version->empty())
    return arm_error(400, "MissingApiVersionParameter",
                     "The api-version query parameter (?api-version=) is required for all requests.");
  if (strcasecmp(s[1].c_str(), opts.subscription_id.c_str()) != 0)
    return arm_error(404, "SubscriptionNotFound", "The subscription '" + s[1] + "' could not be found.");
  settle();
  if (operations_path(s)) {
    if (req.method != "GET") return arm_error(405, "MethodNotAllowed", "The requested method is not allowed.");
    return same(s[6], "operations") ? operation_status(req, s[7]) : operation_result(req, s[7]);
  }
  if (!pools_path(s)) return arm_error(404, "NotFound", "The requested resource " + req.path + " was not found.");
  if (std::find(opts.api_versions.begin(), opts.api_versions.end(), *version) == opts.api_versions.end())
    return arm_error(400, "NoRegisteredProviderFound",
                     "No registered resource provider found for location '" + opts.location + "' and API version '" +
                         *version + "' for type 'managedClusters'. The supported api-versions are '" +
                         join(opts.api_versions) + "'.");
  if (!same(s[3], opts.resource_group.c_str()))
    return arm_error(404, "ResourceGroupNotFound", "Resource group '" + s[3] + "' could not be found.");
  if (!same(s[7], opts.cluster.c_str()))
    return arm_error(404, "ResourceNotFound",
                     "The Resource 'Microsoft.ContainerService/managedClusters/" + s[7] + "' under resource group '" +
                         s[3] + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
  return pools_api(req, s.size() == 10 ? s[9] : "", identity);
}

std::optional<HttpResponse> AksSim::Impl::authenticate(const HttpRequest& req, std::string& client_id) {
  auto challenge = [&](HttpResponse r, const std::string& why) {
    r.headers.emplace_back("WWW-Authenticate", "Bearer authorization_uri=\"" + login_base(req) + "/" + opts.tenant_id +
                                                   "\", error=\"invalid_token\", error_description=\"" + why + "\"");
    return r;
  };
  auto h = req.header("authorization");
  if (h.empty())
    return challenge(arm_error(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."),
                     "The authentication failed because of missing 'Authorization' header.");
  auto it = strncasecmp(h.c_str(), "Bearer ", 7) == 0 ? tokens.find(h.substr(7)) : tokens.end();
  if (it == tokens.end())
    return challenge(arm_error(401, "InvalidAuthenticationToken", "The access token is invalid."),
                     "The access token is invalid.");
  if (world.clock().now() >= it->second.expires_at)
    return challenge(arm_error(401, "ExpiredAuthenticationToken",
                               "The access token expiry UTC time '" + rfc3339(it->second.wall_expiry) +
                                   "' is earlier than current UTC time '" + wall_time() + "'."),
                     "The access token has expired.");
  client_id = it->second.client_id;
  return std::nullopt;
}

// ---- public API ------------------------------------------------------------------

AksSim::AksSim(cloud::World& world, AksSimOptions options) : impl_(std::make_unique<Impl>(world, std::move(options))) {}
AksSim::~AksSim() = default;

HttpResponse AksSim::handle(const HttpRequest& req) { return impl_->handle(req); }
HttpHandler AksSim::handler() {
  return [this](const HttpRequest& r) { return handle(r); };
}

void AksSim::set_urls(const std::string& arm_url, const std::string& login_url) {
  std::lock_guard lock(impl_->mu);
  impl_->opts.arm_url = arm_url;
  impl_->opts.login_url = login_url;
}

AksSimOptions AksSim::options() const {
  std::lock_guard lock(impl_->mu);
  return impl_->opts;
}

std::string AksSim::credentials_json() const {
  std::lock_guard lock(impl_->mu);
  const auto& o = impl_->opts;
  return json{{"tenantId", o.tenant_id},       {"clientId", o.client_id},          {"clientSecret", o.client_secret},
              {"subscriptionId", o.subscription_id}, {"resourceGroup", o.resource_group}, {"clusterName", o.cluster},
              {"location", o.location},        {"authorityHost", o.login_url},     {"armEndpoint", o.arm_url}}
      .dump(2);
}

void AksSim::write_files(const std::string& dir, const std::string& arm_url, const std::string& login_url) {
  set_urls(arm_url, login_url);
  namespace fs = std::filesystem;
  fs::path d = fs::path(dir) / "aks";
  fs::create_directories(d);
  fs::path p = d / "credentials.json";
  std::ofstream f(p, std::ios::trunc);
  if (!f || !(f << credentials_json())) throw std::runtime_error("cannot write " + p.string());
  f.close();
  fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
}

void AksSim::set_token_lifetime(std::chrono::seconds lifetime) {
  std::lock_guard lock(impl_->mu);
  impl_->opts.token_lifetime = lifetime;
}

void AksSim::expire_tokens() {
  std::lock_guard lock(impl_->mu);
  auto now = impl_->world.clock().now();
  auto wall = impl_->world.clock().wall_now();
  for (auto& [t, info] : impl_->tokens) {
    info.expires_at = now;
    info.wall_expiry = wall;
  }
}

long AksSim::tokens_issued() const {
  std::lock_guard lock(impl_->mu);
  return impl_->tokens_issued;
}

void AksSim::set_throttle(const ThrottleLimits& limits) {
  std::lock_guard lock(impl_->mu);
  impl_->opts.limits = limits;
  impl_->throttle.set_limits(limits);
}

}  // namespace gpupool::sim::aks
