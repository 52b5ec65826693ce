#include "cloud/gke/auth.h"

#include <doctest/doctest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "testing/fake_clock.h"
#include "testing/fake_transport.h"

using namespace gpupool;
using namespace gpupool::cloud::gke;
using nlohmann::json;

namespace {
struct KeyPair {
  std::string private_pem, public_pem;
};

KeyPair make_key() {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> k(EVP_RSA_gen(2048), EVP_PKEY_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> a(BIO_new(BIO_s_mem()), BIO_free), b(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PrivateKey(a.get(), k.get(), nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_PUBKEY(b.get(), k.get());
  auto text = [](BIO* bio) {
    char* p = nullptr;
    long n = BIO_get_mem_data(bio, &p);
    return std::string(p, static_cast<std::size_t>(n));
  };
  return {text(a.get()), text(b.get())};
}

std::string unb64url(std::string s) {
  for (auto& c : s) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (s.size() % 4) s += '=';
  std::string out(s.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(s.data()),
                          static_cast<int>(s.size()));
  out.resize(static_cast<std::size_t>(n) - (s.size() - s.find_last_not_of('=') - 1));
  return out;
}

bool verify(const std::string& pub, const std::string& input, const std::string& sig) {
  std::unique_ptr<BIO, decltype(&BIO_free)> b(BIO_new_mem_buf(pub.data(), static_cast<int>(pub.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> k(PEM_read_bio_PUBKEY(b.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, k.get());
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}

std::string key_json(const std::string& pem) {
  return json{{"type", "service_account"},     {"project_id", "p"}, {"private_key_id", "kid1"},
              {"private_key", pem},            {"client_email", "sa@p.iam.gserviceaccount.com"},
              {"token_uri", "https://sim.test/token"}}
      .dump();
}
}  // namespace

TEST_CASE("base64url has no padding and uses the URL alphabet") {
  CHECK(base64url("") == "");
  CHECK(base64url("f") == "Zg");
  CHECK(base64url("fo") == "Zm8");
  CHECK(base64url("foo") == "Zm9v");
  CHECK(base64url("\xfb\xff") == "-_8");
}

TEST_CASE("assertion: RS256 over header.claims verifies with the public key") {
  auto kp = make_key();
  auto key = parse_service_account_key(key_json(kp.private_pem));
  REQUIRE(key);
  auto now = std::chrono::system_clock::from_time_t(1796032546);
  auto jwt = make_assertion(*key, now);
  REQUIRE(jwt);
  auto d1 = jwt->find('.'), d2 = jwt->rfind('.');
  auto header = json::parse(unb64url(jwt->substr(0, d1)));
  auto claims = json::parse(unb64url(jwt->substr(d1 + 1, d2 - d1 - 1)));
  CHECK(header["alg"] == "RS256");
  CHECK(header["kid"] == "kid1");
  CHECK(claims["iss"] == "sa@p.iam.gserviceaccount.com");
  CHECK(claims["aud"] == "https://sim.test/token");
  CHECK(claims["scope"] == "https://www.googleapis.com/auth/cloud-platform");
  CHECK(claims["exp"].get<long>() - claims["iat"].get<long>() == 3600);
  CHECK(claims["iat"] == 1796032546);
  CHECK(jwt->find('=') == std::string::npos);
  CHECK(verify(kp.public_pem, jwt->substr(0, d2), unb64url(jwt->substr(d2 + 1))));
  CHECK_FALSE(verify(make_key().public_pem, jwt->substr(0, d2), unb64url(jwt->substr(d2 + 1))));
}

TEST_CASE("bad keys are InvalidArgument without key material in the message") {
  CHECK(parse_service_account_key("{").error().code == ErrorCode::InvalidArgument);
  CHECK(parse_service_account_key(R"({"type":"authorized_user"})").error().code == ErrorCode::InvalidArgument);
  auto k = parse_service_account_key(key_json("-----BEGIN PRIVATE KEY-----\nsecretstuff\n-----END PRIVATE KEY-----\n"));
  REQUIRE(k);
  auto jwt = make_assertion(*k, std::chrono::system_clock::now());
  REQUIRE_FALSE(jwt);
  CHECK(jwt.error().message.find("secretstuff") == std::string::npos);
}

TEST_CASE("token exchange: form body, caching, and rejected grants") {
  auto kp = make_key();
  auto key = parse_service_account_key(key_json(kp.private_pem));
  auto t = std::make_shared<testing::FakeTransport>();
  testing::FakeClock clock;
  auto cache = make_token_cache(*key, t, "/token", clock);
  t->reply_json(200, {{"access_token", "ya29.a"}, {"expires_in", 3599}, {"token_type", "Bearer"}});
  CHECK(cache->token().value() == "ya29.a");
  CHECK(cache->token().value() == "ya29.a");
  REQUIRE(t->request_count() == 1);
  auto req = t->last_request();
  CHECK(req.method == "POST");
  CHECK(req.target == "/token");
  CHECK(req.body.rfind("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=ey", 0) == 0);
  clock.advance(std::chrono::minutes(56));
  t->reply_json(400, {{"error", "invalid_grant"}, {"error_description", "Invalid JWT Signature."}});
  cache->invalidate();
  auto e = cache->token();
  REQUIRE_FALSE(e);
  CHECK(e.error().code == ErrorCode::Unauthenticated);
  CHECK(e.error().message.find("invalid_grant") != std::string::npos);
}
