#include "sim/server/tls.h"

#include <doctest/doctest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

using namespace gpupool::sim;

namespace {
X509* parse(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return cert;
}
}  // namespace

TEST_CASE("generated server certificate verifies against the CA for 127.0.0.1 and localhost") {
  auto pki = tls::generate_pki();
  X509* ca = parse(pki.ca_cert_pem);
  X509* leaf = parse(pki.server_cert_pem);
  REQUIRE(ca);
  REQUIRE(leaf);
  CHECK(X509_check_ip_asc(leaf, "127.0.0.1", 0) == 1);
  CHECK(X509_check_host(leaf, "localhost", 0, 0, nullptr) == 1);
  CHECK(X509_check_ip_asc(leaf, "10.0.0.1", 0) != 1);

  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, ca);
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, leaf, nullptr);
  X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
  CHECK(X509_verify_cert(ctx) == 1);
  X509_STORE_CTX_free(ctx);
  X509_STORE_free(store);
  X509_free(leaf);
  X509_free(ca);
  CHECK(pki.server_key_pem.find("PRIVATE KEY") != std::string::npos);
}

TEST_CASE("tokens are random hex; base64 pads") {
  auto a = tls::random_token(), b = tls::random_token();
  CHECK(a.size() == 64);
  CHECK(a != b);
  CHECK(tls::base64_encode("") == "");
  CHECK(tls::base64_encode("f") == "Zg==");
  CHECK(tls::base64_encode("foob") == "Zm9vYg==");
}
