#include "sim/oke/verifier.h"

#include <doctest/doctest.h>

#include "sim/oke/api_key.h"
#include "testing/oracle_vectors.h"
#include "sim/oke/sign_for_test.h"

using namespace gpupool::sim::oke;
namespace v = gpupool::testing::oracle_vectors;

namespace {
std::chrono::system_clock::time_point vector_time() { return std::chrono::system_clock::from_time_t(1388957500); }

std::string vector_public_key() {
  BIO* in = BIO_new_mem_buf(v::kPrivateKey, -1);
  EVP_PKEY* k = PEM_read_bio_PrivateKey(in, nullptr, nullptr, nullptr);
  BIO* out = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(out, k);
  char* data = nullptr;
  long n = BIO_get_mem_data(out, &data);
  std::string pem(data, static_cast<std::size_t>(n));
  BIO_free(out);
  BIO_free(in);
  EVP_PKEY_free(k);
  return pem;
}

SignedRequest get_vector() {
  SignedRequest r{"GET", v::kGetTarget, {}, ""};
  r.headers["date"] = v::kDate;
  r.headers["host"] = v::kHost;
  r.headers["authorization"] = std::string("Signature version=\"1\",headers=\"date (request-target) host\",keyId=\"") +
                               v::kKeyId + "\",algorithm=\"rsa-sha256\",signature=\"" + v::kGetSignature + "\"";
  return r;
}

SignedRequest post_vector() {
  SignedRequest r{"POST", v::kPostTarget, {}, v::kPostBody};
  r.headers["date"] = v::kDate;
  r.headers["host"] = v::kHost;
  r.headers["content-length"] = "316";
  r.headers["content-type"] = "application/json";
  r.headers["x-content-sha256"] = v::kPostSha256;
  r.headers["authorization"] = std::string("Signature version=\"1\",headers=\"date (request-target) host content-length "
                                           "content-type x-content-sha256\",keyId=\"") +
                               v::kKeyId + "\",algorithm=\"rsa-sha256\",signature=\"" + v::kPostSignature + "\"";
  return r;
}

SignatureVerifier& vector_verifier() {
  static SignatureVerifier sv;
  static bool once = (sv.add_key(v::kKeyId, vector_public_key()), true);
  (void)once;
  return sv;
}

// Every one-byte change of `field` must be rejected.
template <typename Mutate>
void each_byte_rejected(const SignedRequest& base, std::size_t size, Mutate&& mutate) {
  for (std::size_t i = 0; i < size; ++i) {
    SignedRequest r = base;
    mutate(r, i);
    CAPTURE(i);
    CHECK_FALSE(vector_verifier().verify(r, vector_time()).ok);
  }
}

char flip(char c) { return c == 'A' ? 'B' : 'A'; }
}  // namespace

TEST_CASE("Oracle's published GET and POST vectors verify") {
  auto g = vector_verifier().verify(get_vector(), vector_time());
  CHECK_MESSAGE(g.ok, g.reason);
  CHECK(g.key_id == v::kKeyId);
  auto p = vector_verifier().verify(post_vector(), vector_time());
  CHECK_MESSAGE(p.ok, p.reason);
}

TEST_CASE("any one-byte change of target, signature, date, host or body is rejected") {
  auto g = get_vector();
  each_byte_rejected(g, g.raw_target.size(), [](SignedRequest& r, std::size_t i) { r.raw_target[i] = flip(r.raw_target[i]); });
  std::string sig = v::kGetSignature;
  auto at = g.headers["authorization"].find(sig);
  each_byte_rejected(g, sig.size() - 1, [&](SignedRequest& r, std::size_t i) {
    auto& a = r.headers["authorization"];
    a[at + i] = a[at + i] == '/' ? '+' : flip(a[at + i]);
  });
  each_byte_rejected(g, g.headers["host"].size(), [](SignedRequest& r, std::size_t i) { r.headers["host"][i] = flip(r.headers["host"][i]); });
  auto p = post_vector();
  each_byte_rejected(p, p.body.size(), [](SignedRequest& r, std::size_t i) { r.body[i] = flip(r.body[i]); });
  SignedRequest d = g;
  d.headers["date"] = "Thu, 05 Jan 2014 21:31:41 GMT";  // still within skew: the signature catches it
  CHECK_FALSE(vector_verifier().verify(d, vector_time()).ok);
  SignedRequest m = g;
  m.method = "DELETE";
  CHECK_FALSE(vector_verifier().verify(m, vector_time()).ok);
}

TEST_CASE("clock skew, unknown keys, missing headers and malformed Authorization are rejected") {
  CHECK_FALSE(vector_verifier().verify(get_vector(), vector_time() + std::chrono::minutes(6)).ok);
  CHECK(vector_verifier().verify(get_vector(), vector_time() + std::chrono::minutes(4)).ok);
  SignatureVerifier empty;
  CHECK(empty.verify(get_vector(), vector_time()).reason == "unknown keyId");
  auto no_host = get_vector();
  no_host.headers.erase("host");
  CHECK_FALSE(vector_verifier().verify(no_host, vector_time()).ok);
  auto post_without_body_headers = post_vector();
  auto& a = post_without_body_headers.headers["authorization"];
  a.replace(a.find(" content-length content-type x-content-sha256"), 45, "");
  CHECK(vector_verifier().verify(post_without_body_headers, vector_time()).reason.find("not signed") != std::string::npos);
  for (const char* bad : {"Bearer abc", "Signature keyId=\"x\"", "Signature keyId=x,signature=\"y\"", ""}) {
    auto r = get_vector();
    r.headers["authorization"] = bad;
    CHECK_FALSE(vector_verifier().verify(r, vector_time()).ok);
  }
}

TEST_CASE("the TypeScript SDK's x-date and mixed-case header names are accepted") {
  ApiKey k = generate_api_key();
  SignatureVerifier sv;
  sv.add_key(k.key_id(), k.public_key_pem);
  auto now = std::chrono::system_clock::now();
  auto ts = testsign::make(k.key_id(), k.private_key_pem, "PUT", "/20180222/nodePools/x", "{\"a\":1}", {true, now});
  CHECK(ts.headers["authorization"].find("Content-Type Content-Length") != std::string::npos);
  SignedRequest r{ts.method, ts.raw_target, ts.headers, ts.body};
  auto verdict = sv.verify(r, now);
  CHECK_MESSAGE(verdict.ok, verdict.reason);
  auto go = testsign::make(k.key_id(), k.private_key_pem, "GET", "/20180222/nodePools?a=%3A", "", {false, now});
  CHECK(sv.verify({go.method, go.raw_target, go.headers, go.body}, now).ok);
  r.body = "{\"a\":2}";  // body swapped after signing
  CHECK_FALSE(sv.verify(r, now).ok);
}

TEST_CASE("fingerprints are the colon-separated MD5 of the public key") {
  CHECK(fingerprint_of(vector_public_key()) == "73:61:a2:21:67:e0:df:be:7e:4b:93:1e:15:98:a5:b7");
}
