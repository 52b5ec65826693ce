#pragma once
// OCI HTTP Signature version 1 (cloud-apis.md §3.2): RSA-SHA256 over a
// signing string of `name: value` lines, keyId "<tenancy>/<user>/<fingerprint>".
// Signed headers: `date (request-target) host`, plus
// `content-length content-type x-content-sha256` for POST/PUT/PATCH.
// OciSigner is immutable after create(); thread-safe.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "http/transport.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace gpupool::cloud::oke {

// The API-key credentials (Secret keys tenancy, user, fingerprint, privateKey, passphrase).
struct OciCredentials {
  std::string tenancy, user, fingerprint;
  std::string private_key_pem;  // PKCS#1 or PKCS#8 PEM, maybe encrypted
  std::string passphrase;       // "" when the key is not encrypted
};

using HeaderLines = std::vector<std::pair<std::string, std::string>>;

class OciSigner {
 public:
  // InvalidArgument for missing ids or a key that does not load.
  static Result<OciSigner> create(const OciCredentials& creds);

  const std::string& key_id() const { return key_id_; }
  // Standard base64 (with padding) RSA-SHA256 signature of `signing_string`.
  Result<std::string> sign(std::string_view signing_string) const;
  // Adds date, body headers (for POST/PUT/PATCH) and Authorization to `req`.
  // `host` is signed, not added: it must equal the Host header the transport
  // sends for its base URL (see host_of()). `date` is
  // sent and signed as given (http_date(now) in production).
  Status sign_request(http::Request& req, const std::string& host, const std::string& date) const;

 private:
  OciSigner() = default;
  std::string key_id_;
  std::shared_ptr<evp_pkey_st> key_;
};

// `name: value` lines joined by "\n" (names as given; callers pass lower case).
std::string signing_string(const HeaderLines& lines);
// `Signature version="1",keyId=...,algorithm="rsa-sha256",headers="...",signature="..."`.
std::string authorization_value(const std::string& key_id, const HeaderLines& lines, const std::string& signature);
// RFC 1123 GMT date: "Thu, 05 Jan 2014 21:31:40 GMT".
std::string http_date(std::chrono::system_clock::time_point t);
// Standard base64 with padding.
std::string base64(std::string_view data);
// base64(SHA-256(body)): the x-content-sha256 value.
std::string content_sha256(std::string_view body);
// True for methods whose body headers are signed.
bool signs_body(std::string_view method);

}  // namespace gpupool::cloud::oke
