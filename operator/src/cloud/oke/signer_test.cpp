#include "cloud/oke/signer.h"

#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "testing/oracle_vectors.h"

using namespace gpupool;
using namespace gpupool::cloud::oke;
namespace v = gpupool::testing::oracle_vectors;

namespace {
OciSigner vector_signer() {
  auto parts = std::string(v::kKeyId);
  auto a = parts.find('/'), b = parts.find('/', a + 1);
  auto s = OciSigner::create({parts.substr(0, a), parts.substr(a + 1, b - a - 1), parts.substr(b + 1), v::kPrivateKey, ""});
  REQUIRE_MESSAGE(s, s.error().describe());
  return std::move(*s);
}

// Oracle's vector says "Thu" for 5 Jan 2014 (a Sunday): the date is signed as
// given, so tests pass the string itself.
std::chrono::system_clock::time_point vector_time() { return std::chrono::system_clock::from_time_t(1388957500); }

std::string header(const http::Request& r, const std::string& name) {
  for (const auto& [k, val] : r.headers)
    if (k == name) return val;
  return "";
}

// The test key re-encoded as encrypted PKCS#8.
std::string encrypted_pkcs8(const std::string& pass) {
  BIO* in = BIO_new_mem_buf(v::kPrivateKey, -1);
  EVP_PKEY* k = PEM_read_bio_PrivateKey(in, nullptr, nullptr, nullptr);
  BIO* out = BIO_new(BIO_s_mem());
  PEM_write_bio_PKCS8PrivateKey(out, k, EVP_aes_256_cbc(), nullptr, 0, nullptr, const_cast<char*>(pass.c_str()));
  char* data = nullptr;
  long n = BIO_get_mem_data(out, &data);
  std::string pem(data, static_cast<std::size_t>(n));
  BIO_free(out);
  BIO_free(in);
  EVP_PKEY_free(k);
  return pem;
}
}  // namespace

TEST_CASE("Oracle's GET vector: signing string, signature and header byte for byte") {
  auto signer = vector_signer();
  CHECK(signer.key_id() == v::kKeyId);
  http::Request req;
  req.target = v::kGetTarget;
  REQUIRE(signer.sign_request(req, v::kHost, v::kDate));
  CHECK(header(req, "date") == v::kDate);
  HeaderLines lines = {{"date", v::kDate}, {"(request-target)", std::string("get ") + v::kGetTarget}, {"host", v::kHost}};
  CHECK(signing_string(lines) == std::string("date: Thu, 05 Jan 2014 21:31:40 GMT\n(request-target): get ") +
                                     v::kGetTarget + "\nhost: iaas.us-phoenix-1.oraclecloud.com");
  CHECK(*signer.sign(signing_string(lines)) == v::kGetSignature);
  CHECK(header(req, "authorization") ==
        std::string("Signature version=\"1\",headers=\"date (request-target) host\",keyId=\"") + v::kKeyId +
            "\",algorithm=\"rsa-sha256\",signature=\"" + v::kGetSignature + "\"");
}

TEST_CASE("Oracle's POST vector: body headers, x-content-sha256 and signature byte for byte") {
  auto signer = vector_signer();
  std::string body = v::kPostBody;
  REQUIRE(body.size() == 316);
  http::Request req;
  req.method = "POST";
  req.target = v::kPostTarget;
  req.body = body;
  req.headers.emplace_back("Content-Type", "application/json");
  REQUIRE(signer.sign_request(req, v::kHost, v::kDate));
  CHECK(header(req, "x-content-sha256") == v::kPostSha256);
  std::string expected_string = std::string("date: Thu, 05 Jan 2014 21:31:40 GMT\n") +
                                "(request-target): post /20160918/volumeAttachments\n"
                                "host: iaas.us-phoenix-1.oraclecloud.com\n"
                                "content-length: 316\n"
                                "content-type: application/json\n"
                                "x-content-sha256: V9Z20UJTvkvpJ50flBzKE32+6m2zJjweHpDMX/U4Uy0=";
  CHECK(*signer.sign(expected_string) == v::kPostSignature);
  CHECK(header(req, "authorization") ==
        std::string("Signature version=\"1\",headers=\"date (request-target) host content-length content-type "
                    "x-content-sha256\",keyId=\"") +
            v::kKeyId + "\",algorithm=\"rsa-sha256\",signature=\"" + v::kPostSignature + "\"");
}

TEST_CASE("empty bodies hash to the documented constant; dates are RFC 1123") {
  CHECK(content_sha256("") == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  CHECK(http_date(vector_time()) == "Sun, 05 Jan 2014 21:31:40 GMT");
  CHECK(signs_body("PUT"));
  CHECK_FALSE(signs_body("DELETE"));
}

TEST_CASE("keys: PKCS#1, encrypted PKCS#8 with passphrase, and clear failures") {
  std::string pem = encrypted_pkcs8("s3cret");
  CHECK(pem.find("ENCRYPTED PRIVATE KEY") != std::string::npos);
  auto ok8 = OciSigner::create({"t", "u", "f", pem, "s3cret"});
  REQUIRE_MESSAGE(ok8, ok8.error().describe());
  CHECK(*ok8->sign("x") == *vector_signer().sign("x"));  // same key, same deterministic signature
  auto wrong = OciSigner::create({"t", "u", "f", pem, "nope"});
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().code == ErrorCode::InvalidArgument);
  auto none = OciSigner::create({"t", "u", "f", pem, ""});  // must not prompt on a terminal
  CHECK_FALSE(none);
  CHECK_FALSE(OciSigner::create({"t", "u", "f", "not a key", ""}));
  CHECK_FALSE(OciSigner::create({"", "u", "f", v::kPrivateKey, ""}));
}
