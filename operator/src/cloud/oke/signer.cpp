#include "cloud/oke/signer.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace gpupool::cloud::oke {

namespace {
// Hands the configured passphrase to OpenSSL; never prompts on a terminal
// (the default callback would block the operator on stdin).
int passphrase_cb(char* buf, int size, int /*rwflag*/, void* u) {
  const auto* pass = static_cast<const std::string*>(u);
  if (pass->empty() || static_cast<int>(pass->size()) > size) return 0;
  std::memcpy(buf, pass->data(), pass->size());
  return static_cast<int>(pass->size());
}

std::string openssl_reason() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

std::string header_of(const http::Request& req, std::string_view lower) {
  for (const auto& [name, value] : req.headers) {
    if (name.size() != lower.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(name[i])) == lower[i];
    if (same) return value;
  }
  return "";
}
}  // namespace

Result<OciSigner> OciSigner::create(const OciCredentials& c) {
  if (c.tenancy.empty() || c.user.empty() || c.fingerprint.empty())
    return fail(ErrorCode::InvalidArgument, "oci credentials need tenancy, user and fingerprint");
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(c.private_key_pem.data(),
                                                                static_cast<int>(c.private_key_pem.size())),
                                                BIO_free);
  if (!bio) return fail(ErrorCode::Internal, "oci key: out of memory");
  std::string pass = c.passphrase;
  EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, passphrase_cb, &pass);
  if (!raw) return fail(ErrorCode::InvalidArgument, "oci privateKey does not load (" + openssl_reason() + ")");
  OciSigner s;
  s.key_ = std::shared_ptr<evp_pkey_st>(raw, EVP_PKEY_free);
  if (EVP_PKEY_base_id(raw) != EVP_PKEY_RSA) return fail(ErrorCode::InvalidArgument, "oci privateKey is not an RSA key");
  s.key_id_ = c.tenancy + "/" + c.user + "/" + c.fingerprint;
  return s;
}

Result<std::string> OciSigner::sign(std::string_view text) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1)
    return fail(ErrorCode::Internal, "oci signing failed: " + openssl_reason());
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1)
    return fail(ErrorCode::Internal, "oci signing failed: " + openssl_reason());
  sig.resize(len);
  return base64(sig);
}

Status OciSigner::sign_request(http::Request& req, const std::string& host, const std::string& date) const {
  std::string method = req.method;
  for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  // Host is signed but not set: cpprest uses an explicit Host header for TLS
  // name checks, so the wire layer derives it from the base URL (host_of()).
  req.headers.emplace_back("date", date);
  HeaderLines lines = {{"date", date}, {"(request-target)", method + " " + req.target}, {"host", host}};
  if (signs_body(req.method)) {
    std::string type = header_of(req, "content-type");
    if (type.empty()) req.headers.emplace_back("content-type", type = "application/json");
    std::string sha = content_sha256(req.body);
    req.headers.emplace_back("x-content-sha256", sha);
    lines.insert(lines.end(), {{"content-length", std::to_string(req.body.size())},
                               {"content-type", type},
                               {"x-content-sha256", sha}});
  }
  auto sig = sign(signing_string(lines));
  if (!sig) return sig.error();
  req.headers.emplace_back("authorization", authorization_value(key_id_, lines, *sig));
  return ok();
}

std::string signing_string(const HeaderLines& lines) {
  std::string out;
  for (const auto& [name, value] : lines) {
    if (!out.empty()) out += '\n';
    out += name + ": " + value;
  }
  return out;
}

std::string authorization_value(const std::string& key_id, const HeaderLines& lines, const std::string& signature) {
  std::string names;
  for (const auto& [name, value] : lines) names += (names.empty() ? "" : " ") + name;
  return "Signature version=\"1\",headers=\"" + names + "\",keyId=\"" + key_id +
         "\",algorithm=\"rsa-sha256\",signature=\"" + signature + "\"";
}

std::string http_date(std::chrono::system_clock::time_point t) {
  // Fixed English names: strftime's %a/%b follow the C locale only by luck.
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[96];  // room for any int values (-Wformat-truncation)
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string content_sha256(std::string_view body) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(body.data(), body.size(), md, &len, EVP_sha256(), nullptr);
  return base64(std::string_view(reinterpret_cast<const char*>(md), len));
}

bool signs_body(std::string_view m) { return m == "POST" || m == "PUT" || m == "PATCH"; }

}  // namespace gpupool::cloud::oke
