// HTTPS end to end: a self-signed certificate with an IP SAN for 127.0.0.1,
// a cpprest https listener, and the full make_cpprest_transport() stack.
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/ssl.hpp>
#include <cpprest/http_listener.h>
#include <future>

#include "http/cpprest_transport.h"

namespace gpupool::http {
namespace {

struct CertAndKey {
  std::string cert_pem, key_pem;
};

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string s(data, static_cast<size_t>(n));
  BIO_free(bio);
  return s;
}

CertAndKey self_signed_localhost() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -60);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("gpupool-test"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "IP:127.0.0.1");
  X509_add_ext(x, san, -1);
  X509_EXTENSION_free(san);
  X509_sign(x, key, EVP_sha256());
  BIO* cb = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(cb, x);
  BIO* kb = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(kb, key, nullptr, nullptr, 0, nullptr, nullptr);
  X509_free(x);
  EVP_PKEY_free(key);
  return {bio_string(cb), bio_string(kb)};
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

struct TlsServer {
  CertAndKey pki = self_signed_localhost();
  std::string url = "https://127.0.0.1:" + std::to_string(free_port());
  std::mutex mu;
  std::string last_auth;
  std::unique_ptr<web::http::experimental::listener::http_listener> listener;

  TlsServer() {
    web::http::experimental::listener::http_listener_config cfg;
    cfg.set_ssl_context_callback([this](boost::asio::ssl::context& ctx) {
      ctx.use_certificate_chain(boost::asio::buffer(pki.cert_pem));
      ctx.use_private_key(boost::asio::buffer(pki.key_pem), boost::asio::ssl::context::pem);
    });
    listener = std::make_unique<web::http::experimental::listener::http_listener>(url, cfg);
    listener->support([this](web::http::http_request req) {
      {
        std::lock_guard l(mu);
        last_auth = req.headers().has("Authorization") ? req.headers()["Authorization"] : "";
      }
      req.reply(web::http::status_codes::OK, std::string("{}"), "application/json");
    });
    listener->open().wait();
  }
  ~TlsServer() { listener->close().wait(); }
};

TEST_CASE("HTTPS with the kubeconfig CA verifies an IP SAN and sends the bearer token") {
  TlsServer server;
  TransportConfig c;
  c.base_url = server.url;
  c.ca_pem = server.pki.cert_pem;
  c.bearer_token = "sim-kube-token";
  auto t = make_cpprest_transport(c);
  REQUIRE(t);
  auto r = (*t)->send(Request{});
  REQUIRE(r);
  CHECK(r->status == 200);
  std::lock_guard l(server.mu);
  CHECK(server.last_auth == "Bearer sim-kube-token");
}

TEST_CASE("HTTPS without the CA fails verification; insecure skips it") {
  TlsServer server;
  TransportConfig c;
  c.base_url = server.url;
  auto strict = make_raw_cpprest_transport(c);
  REQUIRE(strict);
  auto r = (*strict)->send(Request{});
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Unavailable);
  c.insecure_skip_tls_verify = true;
  auto loose = make_raw_cpprest_transport(c);
  REQUIRE(loose);
  CHECK((*loose)->send(Request{}));
}

}  // namespace
}  // namespace gpupool::http
