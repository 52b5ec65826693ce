#include "cloud/gke/auth.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <nlohmann/json.hpp>

#include "cloud/errors.h"

namespace gpupool::cloud::gke {

namespace {
using nlohmann::json;

std::string form_escape(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Error token_error(const http::Response& r) {
  json j = json::parse(r.body, nullptr, false);
  std::string code = j.is_object() ? j.value("error", std::string()) : std::string();
  std::string desc = j.is_object() ? j.value("error_description", std::string()) : std::string();
  std::string msg = "token endpoint answered " + std::to_string(r.status) + (code.empty() ? "" : ": " + code) +
                    (desc.empty() ? "" : " (" + desc + ")");
  Error e(r.status == 400 || r.status == 401 || r.status == 403 ? ErrorCode::Unauthenticated
                                                                 : code_for_http_status(r.status),
          msg);
  if (r.status == 429) e.code = ErrorCode::RateLimited;
  e.http_status = r.status;
  e.reason = code;
  return e;
}
}  // namespace

Result<ServiceAccountKey> parse_service_account_key(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(ErrorCode::InvalidArgument, "service account key is not JSON");
  if (j.value("type", std::string()) != "service_account")
    return fail(ErrorCode::InvalidArgument, "service account key: type must be \"service_account\"");
  ServiceAccountKey k;
  k.project_id = j.value("project_id", std::string());
  k.private_key_id = j.value("private_key_id", std::string());
  k.private_key_pem = j.value("private_key", std::string());
  k.client_email = j.value("client_email", std::string());
  k.token_uri = j.value("token_uri", std::string(kGoogleTokenUri));
  if (k.private_key_pem.empty() || k.client_email.empty())
    return fail(ErrorCode::InvalidArgument, "service account key: private_key and client_email are required");
  return k;
}

std::string base64url(std::string_view data) {
  static const char* tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(data[k]); };
  for (; i + 2 < data.size(); i += 3) {
    unsigned v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    for (int s = 18; s >= 0; s -= 6) out += tbl[(v >> s) & 63];
  }
  if (data.size() - i == 1) {
    unsigned v = byte(i) << 16;
    out += tbl[(v >> 18) & 63];
    out += tbl[(v >> 12) & 63];
  } else if (data.size() - i == 2) {
    unsigned v = byte(i) << 16 | byte(i + 1) << 8;
    out += tbl[(v >> 18) & 63];
    out += tbl[(v >> 12) & 63];
    out += tbl[(v >> 6) & 63];
  }
  return out;
}

Result<std::string> sign_rs256(const std::string& pem, std::string_view data) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr, EVP_PKEY_free);
  if (!key) return fail(ErrorCode::InvalidArgument, "service account key: private_key is not a PEM private key");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
    return fail(ErrorCode::InvalidArgument, "service account key: cannot sign with private_key");
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
    return fail(ErrorCode::Internal, "RS256 signing failed");
  sig.resize(len);
  return sig;
}

Result<std::string> make_assertion(const ServiceAccountKey& key, std::chrono::system_clock::time_point now,
                                   std::string_view scope) {
  auto iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  json header = {{"alg", "RS256"}, {"typ", "JWT"}};
  if (!key.private_key_id.empty()) header["kid"] = key.private_key_id;
  json claims = {{"iss", key.client_email}, {"scope", scope}, {"aud", key.token_uri},
                 {"iat", iat},              {"exp", iat + 3600}};
  std::string signing_input = base64url(header.dump()) + "." + base64url(claims.dump());
  auto sig = sign_rs256(key.private_key_pem, signing_input);
  if (!sig) return sig.error();
  return signing_input + "." + base64url(*sig);
}

Result<UrlParts> split_url(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return fail(ErrorCode::InvalidArgument, "not an absolute URL: " + std::string(url));
  auto slash = url.find('/', scheme + 3);
  if (slash == std::string_view::npos) return UrlParts{std::string(url), "/"};
  return UrlParts{std::string(url.substr(0, slash)), std::string(url.substr(slash))};
}

Result<AccessToken> exchange_assertion(http::Transport& transport, const std::string& path,
                                       const std::string& assertion) {
  http::Request req;
  req.method = "POST";
  req.target = path;
  req.idempotent = false;
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  req.body = "grant_type=" + form_escape("urn:ietf:params:oauth:grant-type:jwt-bearer") +
             "&assertion=" + form_escape(assertion);
  auto r = transport.send(req);
  if (!r) return r.error().with_context("requesting GKE access token");
  if (r->status != 200) return token_error(*r);
  json j = json::parse(r->body, nullptr, false);
  if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string())
    return fail(ErrorCode::Unavailable, "token endpoint answered without access_token");
  long expires = j.contains("expires_in") && j["expires_in"].is_number() ? j["expires_in"].get<long>() : 3600;
  return AccessToken{j["access_token"].get<std::string>(), std::chrono::seconds(expires)};
}

std::shared_ptr<TokenCache> make_token_cache(ServiceAccountKey key, std::shared_ptr<http::Transport> token_transport,
                                             std::string token_path, Clock& clock) {
  auto fetch = [key = std::move(key), t = std::move(token_transport), path = std::move(token_path),
                &clock]() -> Result<AccessToken> {
    auto assertion = make_assertion(key, clock.wall_now());
    if (!assertion) return assertion.error();
    return exchange_assertion(*t, path, *assertion);
  };
  return std::make_shared<TokenCache>(std::move(fetch), clock);
}

}  // namespace gpupool::cloud::gke
