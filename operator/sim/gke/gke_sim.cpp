#include "sim/gke/gke_sim.h"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "sim/gke/google_error.h"
#include "sim/gke/sim_impl.h"
#include "sim/gke/sim_jwt.h"
#include "sim/server/url_codec.h"

namespace gpupool::sim::gke {

std::string rfc3339(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

GkeSim::Impl::Impl(cloud::World& w, GkeSimOptions o)
    : world(w), opts(std::move(o)), sa(generate_service_account(opts.project)) {}

std::string GkeSim::Impl::region() const {
  // "us-central1-a" -> "us-central1"; a region stays as is.
  auto& l = opts.location;
  auto dashes = std::count(l.begin(), l.end(), '-');
  return dashes >= 2 ? l.substr(0, l.rfind('-')) : l;
}

std::string GkeSim::Impl::wall_time() const { return rfc3339(world.clock().wall_now()); }

namespace {
long long seconds_since_epoch(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// Checks the time claims: exp - iat <= 1 h, issued not in the future, not expired.
std::string bad_times(const json& c, long long now, long long skew) {
  if (!c.contains("iat") || !c.contains("exp") || !c["iat"].is_number() || !c["exp"].is_number())
    return "Invalid JWT: iat and exp are required.";
  long long iat = c["iat"].get<long long>(), exp = c["exp"].get<long long>();
  if (exp - iat > 3600) return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.";
  if (iat > now + skew || exp < now - skew)
    return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.";
  return "";
}
}  // namespace

HttpResponse GkeSim::Impl::token_endpoint(const HttpRequest& req) {
  auto form = parse_query(req.body);
  auto field = [&](const char* k) {
    auto it = form.find(k);
    return it == form.end() ? std::string() : it->second;
  };
  world.count_request("GKE", "token-endpoint");
  if (field("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer")
    return oauth_error(400, "unsupported_grant_type", "Invalid grant_type: " + field("grant_type"));
  auto jwt = decode_and_verify(field("assertion"), sa.public_key_pem);
  if (!jwt) return oauth_error(400, "invalid_grant", "Invalid JWT: Failed audience check. (malformed assertion)");
  const json& c = jwt->claims;
  if (!jwt->signature_ok) return oauth_error(400, "invalid_grant", "Invalid JWT Signature.");
  if (c.value("iss", std::string()) != sa.client_email)
    return oauth_error(400, "invalid_grant", "Invalid grant: account not found");
  auto aud = c.value("aud", std::string());
  if (aud != token_url() && aud != kGoogleTokenUrl)
    return oauth_error(400, "invalid_grant", "Invalid JWT: Failed audience check. The right audience is " + token_url());
  auto now = seconds_since_epoch(world.clock().wall_now());
  if (auto bad = bad_times(c, now, opts.max_clock_skew.count()); !bad.empty()) return oauth_error(400, "invalid_grant", bad);
  if (c.value("scope", std::string()).empty()) return oauth_error(400, "invalid_scope", "Empty or missing scope not allowed.");
  std::string token = "ya29.sim-" + random_hex(24);
  tokens[token] = {sa.client_email, world.clock().now() + opts.token_lifetime};
  ++tokens_issued;
  return HttpResponse::json(200, json{{"access_token", token},
                                      {"expires_in", opts.token_lifetime.count() - 1},
                                      {"token_type", "Bearer"}}.dump());
}

std::optional<std::string> GkeSim::Impl::authenticate(const HttpRequest& req) {
  auto h = req.header("authorization");
  if (h.rfind("Bearer ", 0) != 0) return std::nullopt;
  std::string bearer = h.substr(7);
  if (auto it = tokens.find(bearer); it != tokens.end()) {
    if (world.clock().now() < it->second.expires_at) return it->second.identity;
    return std::nullopt;
  }
  // GAPIC clients send a self-signed JWT instead of an exchanged token.
  auto jwt = decode_and_verify(bearer, sa.public_key_pem);
  if (!jwt || !jwt->signature_ok) return std::nullopt;
  const json& c = jwt->claims;
  if (jwt->header.contains("kid") && jwt->header.value("kid", std::string()) != sa.private_key_id) return std::nullopt;
  if (c.value("iss", std::string()) != sa.client_email) return std::nullopt;
  if (!bad_times(c, seconds_since_epoch(world.clock().wall_now()), 0).empty()) return std::nullopt;
  if (c.value("scope", std::string()).empty() && c.value("aud", std::string()).empty()) return std::nullopt;
  return sa.client_email;
}

namespace {
std::pair<std::string, std::string> status_names(int http) {
  switch (http) {
    case 400: return {"INVALID_ARGUMENT", "badRequest"};
    case 401: return {"UNAUTHENTICATED", "unauthorized"};
    case 403: return {"PERMISSION_DENIED", "forbidden"};
    case 404: return {"NOT_FOUND", "notFound"};
    case 409: return {"ALREADY_EXISTS", "conflict"};
    case 429: return {"RESOURCE_EXHAUSTED", "rateLimitExceeded"};
    case 503: return {"UNAVAILABLE", "backendError"};
    default: return {"INTERNAL", "backendError"};
  }
}

HttpResponse fault_response(const cloud::Fault& f) {
  HttpResponse r;
  if (f.body) {
    r = HttpResponse::json(f.status, *f.body);
  } else {
    auto [status, reason] = status_names(f.status);
    if (!f.code.empty()) status = f.code;
    r = google_error(f.status, status, reason, f.message.empty() ? "Injected fault: " + status : f.message);
  }
  if (f.retry_after_seconds > 0) r.headers.emplace_back("Retry-After", std::to_string(f.retry_after_seconds));
  return r;
}
}  // namespace

HttpResponse GkeSim::Impl::handle(const HttpRequest& req) {
  std::lock_guard lock(mu);
  if (opts.base_url.empty() && !req.header("host").empty()) opts.base_url = "https://" + req.header("host");
  if (req.path == "/token" && req.method == "POST") return token_endpoint(req);
  bool container = req.path.rfind("/v1/", 0) == 0;
  bool compute = req.path.rfind("/compute/v1/", 0) == 0;
  if (!container && !compute) return not_found(req.path);
  auto identity = authenticate(req);
  // The compute API only reads (listManagedInstances is a POST that reads).
  world.count_request("GKE", identity.value_or("anonymous"), container ? cloud::write_method_of(req.method) : "");
  if (!identity) return unauthenticated();
  if (auto f = world.take_fault("GKE")) return fault_response(*f);
  settle();
  // `$alt=json;enum-encoding=int` (REST fallback clients): answer enums as numbers.
  bool int_enums = req.param("$alt").value_or("").find("enum-encoding=int") != std::string::npos;
  return container ? container_api(req, *identity, int_enums) : compute_api(req);
}

GkeSim::GkeSim(cloud::World& world, GkeSimOptions options) : impl_(std::make_unique<Impl>(world, std::move(options))) {}
GkeSim::~GkeSim() = default;

HttpResponse GkeSim::handle(const HttpRequest& req) { return impl_->handle(req); }
HttpHandler GkeSim::handler() {
  return [this](const HttpRequest& r) { return handle(r); };
}

void GkeSim::set_base_url(const std::string& base_url) {
  std::lock_guard lock(impl_->mu);
  impl_->opts.base_url = base_url;
}

std::string GkeSim::service_account_json() const {
  std::lock_guard lock(impl_->mu);
  return key_file_json(impl_->sa, impl_->token_url());
}

std::string GkeSim::cluster_json() const {
  std::lock_guard lock(impl_->mu);
  return json{{"project", impl_->opts.project}, {"location", impl_->opts.location}, {"cluster", impl_->opts.cluster}}
      .dump(2);
}

void GkeSim::write_files(const std::string& dir, const std::string& base_url) {
  set_base_url(base_url);
  namespace fs = std::filesystem;
  fs::path d = fs::path(dir) / "gke";
  fs::create_directories(d);
  auto write = [](const fs::path& p, const std::string& text, bool secret) {
    std::ofstream f(p, std::ios::trunc);
    if (!f || !(f << text)) throw std::runtime_error("cannot write " + p.string());
    f.close();
    if (secret) fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  };
  write(d / "service-account.json", service_account_json(), true);
  write(d / "cluster.json", cluster_json(), false);
}

void GkeSim::set_token_lifetime(std::chrono::seconds lifetime) {
  std::lock_guard lock(impl_->mu);
  impl_->opts.token_lifetime = lifetime;
}

void GkeSim::revoke_tokens() {
  std::lock_guard lock(impl_->mu);
  impl_->tokens.clear();
}

long GkeSim::tokens_issued() const {
  std::lock_guard lock(impl_->mu);
  return impl_->tokens_issued;
}

}  // namespace gpupool::sim::gke
