#pragma once
// Server-side check of OCI HTTP Signature version 1, written from the
// signing-requests documentation (cloud-apis.md §3.2, wire-samples/oke.md),
// independently of the operator's signer:
//  * Authorization: Signature version="1",keyId=...,algorithm="rsa-sha256",
//    headers="...",signature="..." (parameters in any order);
//  * the key is looked up by keyId (never recomputed from the fingerprint);
//  * the signing string is rebuilt from the listed headers, names lowercased
//    (SDKs list "Content-Type" mixed-case), `(request-target)` = lowercase
//    method + raw path?query;
//  * `date` or `x-date` must be signed and within the allowed skew;
//  * POST/PUT/PATCH must also sign content-length, content-type and
//    x-content-sha256, and the body must match both.
// Thread-safe after setup (add_key under the caller's lock).
#include <chrono>
#include <map>
#include <memory>
#include <string>

namespace gpupool::sim::oke {

struct SignedRequest {
  std::string method;      // "GET"
  std::string raw_target;  // "/20180222/nodePools?compartmentId=..." as sent
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

struct Verdict {
  bool ok = false;
  std::string key_id;  // as claimed (also on failure, when parsable)
  std::string reason;  // why it failed (for logs; never sent to the client)
};

class SignatureVerifier {
 public:
  explicit SignatureVerifier(std::chrono::seconds max_skew = std::chrono::seconds(300));
  ~SignatureVerifier();
  SignatureVerifier(const SignatureVerifier&) = delete;
  SignatureVerifier& operator=(const SignatureVerifier&) = delete;

  // Registers (or replaces) the public key (SubjectPublicKeyInfo PEM) for
  // `key_id`. Throws std::invalid_argument for a PEM that does not load.
  void add_key(const std::string& key_id, const std::string& public_key_pem);
  void remove_key(const std::string& key_id);

  Verdict verify(const SignedRequest& req, std::chrono::system_clock::time_point now) const;

 private:
  struct Keys;
  std::chrono::seconds max_skew_;
  std::unique_ptr<Keys> keys_;
};

}  // namespace gpupool::sim::oke
