#include "cloud/aks/auth.h"

#include <doctest/doctest.h>

#include "testing/fake_clock.h"
#include "testing/fake_transport.h"

using namespace gpupool;
using namespace gpupool::cloud;
using namespace std::chrono_literals;
using gpupool::testing::FakeClock;
using gpupool::testing::FakeTransport;

namespace {
aks::AksCredentials creds() {
  return {"72f988bf-0000-4000-8000-00000000aaaa", "3f1e6a2b-0000-4000-8000-00000000bbbb", "s3cret~a&b=c"};
}

const nlohmann::json kToken = {{"token_type", "Bearer"}, {"expires_in", 3599}, {"ext_expires_in", 3599},
                               {"access_token", "eyJ0eXAiOiJKV1Qi.x.y"}};
}  // namespace

TEST_CASE("aks token request: v2 endpoint, client-credentials form, ARM scope") {
  FakeTransport t;
  t.reply_json(200, kToken);
  auto tok = aks::request_token(t, creds());
  REQUIRE(tok);
  CHECK(tok->value == "eyJ0eXAiOiJKV1Qi.x.y");
  CHECK(tok->lifetime == std::chrono::seconds(3599));
  auto req = t.last_request();
  CHECK(req.method == "POST");
  CHECK(req.target == "/72f988bf-0000-4000-8000-00000000aaaa/oauth2/v2.0/token");
  CHECK_FALSE(req.idempotent);
  CHECK(testing::header_value(req, "content-type") == "application/x-www-form-urlencoded");
  CHECK(req.body ==
        "client_id=3f1e6a2b-0000-4000-8000-00000000bbbb&client_secret=s3cret~a%26b%3Dc"
        "&grant_type=client_credentials&scope=https%3A%2F%2Fmanagement.azure.com%2F.default");
}

TEST_CASE("aks token request: v1-style string expires_in is accepted") {
  FakeTransport t;
  t.reply_json(200, {{"access_token", "a"}, {"expires_in", "3600"}, {"token_type", "Bearer"}});
  auto tok = aks::request_token(t, creds());
  REQUIRE(tok);
  CHECK(tok->lifetime == std::chrono::seconds(3600));
}

TEST_CASE("aks token request: a wrong secret is Unauthenticated without leaking the secret") {
  FakeTransport t;
  t.reply_json(401, {{"error", "invalid_client"},
                     {"error_description",
                      "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is "
                      "the client secret value. Trace ID: 672d2330 Correlation ID: b2515f79"},
                     {"error_codes", {7000215}}});
  auto tok = aks::request_token(t, creds());
  REQUIRE_FALSE(tok);
  CHECK(tok.error().code == ErrorCode::Unauthenticated);
  CHECK(tok.error().reason == "invalid_client");
  CHECK(tok.error().message.find("AADSTS7000215") != std::string::npos);
  CHECK(tok.error().message.find("s3cret") == std::string::npos);
  CHECK(tok.error().message.find("Trace ID") == std::string::npos);
}

TEST_CASE("aks token request: unknown app (400 unauthorized_client) is Unauthenticated, 503 Unavailable") {
  FakeTransport t;
  t.reply_json(400, {{"error", "unauthorized_client"}, {"error_description", "AADSTS700016: Application not found."}});
  t.reply(503, "busy");
  CHECK(aks::request_token(t, creds()).error().code == ErrorCode::Unauthenticated);
  CHECK(aks::request_token(t, creds()).error().code == ErrorCode::Unavailable);
}

TEST_CASE("aks token cache: one fetch per lifetime, refreshed ~5 min before expiry") {
  FakeClock clock;
  auto t = std::make_shared<FakeTransport>();
  t->set_handler([](const http::Request&) -> Result<http::Response> {
    return http::Response{200, {}, kToken.dump()};
  });
  auto cache = aks::make_token_cache(creds(), t, clock);
  REQUIRE(cache->token());
  REQUIRE(cache->token());
  CHECK(t->request_count() == 1);
  clock.advance(3599s - 5min - 1s);
  REQUIRE(cache->token());
  CHECK(t->request_count() == 1);
  clock.advance(2s);
  REQUIRE(cache->token());
  CHECK(t->request_count() == 2);
  cache->invalidate();  // after a 401
  REQUIRE(cache->token());
  CHECK(t->request_count() == 3);
}

TEST_CASE("aks credentials from a Secret: required keys and optional authorityHost") {
  auto c = aks::credentials_from_secret({{"tenantId", "t"}, {"clientId", "c"}, {"clientSecret", "s"}});
  REQUIRE(c);
  CHECK(c->authority_host == "https://login.microsoftonline.com");
  c = aks::credentials_from_secret(
      {{"tenantId", "t"}, {"clientId", "c"}, {"clientSecret", "s"}, {"authorityHost", "https://127.0.0.1:9/"}});
  REQUIRE(c);
  CHECK(c->authority_host == "https://127.0.0.1:9");
  auto missing = aks::credentials_from_secret({{"tenantId", "t"}, {"clientId", "c"}});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::InvalidArgument);
  CHECK(missing.error().message.find("clientSecret") != std::string::npos);
}
