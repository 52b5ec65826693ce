#include "sim/oke/oke_sim.h"

#include <openssl/evp.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "sim/oke/oci_error.h"
#include "sim/oke/sim_impl.h"

namespace gpupool::sim::oke {

std::string rfc3339(std::chrono::system_clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[96];  // sized for any int values, so -Wformat-truncation stays quiet
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  std::string out;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    out += buf;
  }
  return out;
}

OkeSim::Impl::Impl(cloud::World& w, const OkeSimOptions& o)
    : world(w), opts(o), key(generate_api_key()), verifier(o.max_clock_skew) {
  verifier.add_key(key.key_id(), key.public_key_pem);
}

std::string OkeSim::Impl::region_key() const {
  static const std::map<std::string, std::string> kKeys = {
      {"us-ashburn-1", "iad"}, {"us-phoenix-1", "phx"}, {"us-chicago-1", "ord"}, {"eu-frankfurt-1", "fra"},
      {"uk-london-1", "lhr"},  {"ap-tokyo-1", "nrt"},   {"us-sanjose-1", "sjc"}};
  auto it = kKeys.find(opts.region);
  return it == kKeys.end() ? opts.region : it->second;
}

std::string OkeSim::Impl::wall_time(TimePoint at) const {
  auto delta = std::chrono::duration_cast<std::chrono::system_clock::duration>(at - world.clock().now());
  return rfc3339(world.clock().wall_now() + delta);
}

namespace {
std::pair<std::string, std::string> fault_text(int status) {
  switch (status) {
    case 400: return {"InvalidParameter", "Injected fault: invalid parameter."};
    case 401: return {"NotAuthenticated", "The required information to complete authentication was not provided or was incorrect."};
    case 404: return {"NotAuthorizedOrNotFound", "Authorization failed or requested resource not found."};
    case 409: return {"IncorrectState", "The resource is in a conflicted state."};
    case 429: return {"TooManyRequests", "Too many requests for the user."};
    case 503: return {"ServiceUnavailable", "The service is currently unavailable."};
    default: return {"InternalServerError", "Internal error occurred."};
  }
}

HttpResponse fault_response(const cloud::Fault& f) {
  auto [code, message] = fault_text(f.status);
  HttpResponse r = oci_error(f.status, f.code.empty() ? code : f.code, f.message.empty() ? message : f.message);
  if (f.body) r.body = *f.body;
  if (f.retry_after_seconds > 0) r.headers.emplace_back("retry-after", std::to_string(f.retry_after_seconds));
  return r;
}

// The user OCID inside a keyId "<tenancy>/<user>/<fingerprint>".
std::string user_of(const std::string& key_id) {
  auto a = key_id.find('/');
  auto b = key_id.find('/', a == std::string::npos ? a : a + 1);
  return a == std::string::npos || b == std::string::npos ? key_id : key_id.substr(a + 1, b - a - 1);
}

std::string tenancy_of(const std::string& key_id) { return key_id.substr(0, key_id.find('/')); }

const std::string kIdentityAds = "/20160918/availabilityDomains";
}  // namespace

HttpResponse OkeSim::Impl::handle(const HttpRequest& req) {
  std::lock_guard lock(mu);
  // Identity (20160918) shares the Container Engine server: an endpoint
  // override then covers both services (see cloud/oke/provider.h).
  if (req.path.rfind("/20180222/", 0) != 0 && req.path != kIdentityAds)
    return oci_error(404, "NotFound", "Not found: " + req.path);
  SignedRequest sr{req.method, req.raw_target.empty() ? req.path : req.raw_target, req.headers, req.body};
  Verdict v = verifier.verify(sr, world.clock().wall_now());
  world.count_request("OKE", v.ok ? user_of(v.key_id) : "anonymous", cloud::write_method_of(req.method));
  if (!v.ok) return not_authenticated();
  if (auto f = world.take_fault("OKE")) return fault_response(*f);
  if (req.path == kIdentityAds) {
    if (req.method != "GET") return oci_error(405, "MethodNotAllowed", "Method " + req.method + " is not allowed on " + req.path);
    return list_availability_domains(req, tenancy_of(v.key_id));
  }
  settle();
  return route(req, user_of(v.key_id));
}

HttpResponse OkeSim::Impl::route(const HttpRequest& req, const std::string& identity) {
  const std::string pools_prefix = "/20180222/nodePools", wr_prefix = "/20180222/workRequests/";
  const std::string& m = req.method;
  if (req.path == pools_prefix) {
    if (m == "POST") return create_pool(req, identity);
    if (m == "GET") return list_pools(req);
  } else if (req.path.rfind(pools_prefix + "/", 0) == 0) {
    std::string id = req.path.substr(pools_prefix.size() + 1);
    if (id.find('/') != std::string::npos) return oci_error(404, "NotFound", "Not found: " + req.path);
    if (m == "GET") return get_pool(id);
    if (m == "PUT") return update_pool(id, req);
    if (m == "DELETE") return delete_pool(id, req);
  } else if (req.path.rfind(wr_prefix, 0) == 0 && m == "GET") {
    std::string rest = req.path.substr(wr_prefix.size());
    const std::string errors = "/errors";
    if (rest.size() > errors.size() && rest.compare(rest.size() - errors.size(), errors.size(), errors) == 0)
      return work_request_errors(rest.substr(0, rest.size() - errors.size()), req);
    if (rest.find('/') == std::string::npos) return get_work_request(rest);
  } else {
    return oci_error(404, "NotFound", "Not found: " + req.path);
  }
  return oci_error(405, "MethodNotAllowed", "Method " + m + " is not allowed on " + req.path);
}

OkeSim::OkeSim(cloud::World& world, OkeSimOptions options)
    : opts_(std::move(options)), impl_(std::make_unique<Impl>(world, opts_)) {}
OkeSim::~OkeSim() = default;

HttpResponse OkeSim::handle(const HttpRequest& req) { return impl_->handle(req); }
HttpHandler OkeSim::handler() {
  return [this](const HttpRequest& r) { return handle(r); };
}

ApiKey OkeSim::api_key() const {
  std::lock_guard lock(impl_->mu);
  return impl_->key;
}

void OkeSim::register_key(const std::string& key_id, const std::string& public_key_pem) {
  std::lock_guard lock(impl_->mu);
  impl_->verifier.add_key(key_id, public_key_pem);
}

void OkeSim::revoke_key(const std::string& key_id) {
  std::lock_guard lock(impl_->mu);
  impl_->verifier.remove_key(key_id);
}

std::string OkeSim::cluster_json(const std::string& base_url) const {
  nlohmann::json j = {{"compartmentId", opts_.compartment_id}, {"clusterId", opts_.cluster_id},
                      {"subnetIds", opts_.subnet_ids},         {"imageId", opts_.image_id},
                      {"availabilityDomains", opts_.availability_domains}, {"region", opts_.region}};
  if (!base_url.empty()) j["endpoint"] = base_url;
  return j.dump(2);
}

void OkeSim::write_files(const std::string& dir, const std::string& base_url) const {
  namespace fs = std::filesystem;
  fs::path d = fs::absolute(fs::path(dir) / "oke");
  fs::create_directories(d);
  auto write = [](const fs::path& p, const std::string& text, bool secret) {
    std::ofstream f(p, std::ios::trunc);
    if (!f || !(f << text)) throw std::runtime_error("cannot write " + p.string());
    f.close();
    if (secret) fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  };
  ApiKey k = api_key();
  // key_file is absolute: the SDKs resolve it against the working directory.
  write(d / "oci_api_key.pem", k.private_key_pem, true);
  write(d / "config", config_file(k, opts_.region, (d / "oci_api_key.pem").string()), true);
  write(d / "cluster.json", cluster_json(base_url), false);
}

}  // namespace gpupool::sim::oke
