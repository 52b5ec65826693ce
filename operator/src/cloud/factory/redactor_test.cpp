#include "cloud/factory/redactor.h"

#include <doctest/doctest.h>

using namespace gpupool;
using cloud::Redactor;

TEST_CASE("Redactor scrubs whole values and fragments of them") {
  Redactor r(cloud::SecretData{{"token", "CW-SECRET-0123456789abcdef"}, {"clientSecret", "s3cr3t-value-xyz"}});
  CHECK(r.apply("401 for CW-SECRET-0123456789abcdef") == "401 for [redacted]");
  CHECK(r.apply("parse error near '0123456789ab' here") == "parse error near '[redacted]' here");
  CHECK(r.apply("bad client s3cr3t-value-xyz.") == "bad client [redacted].");
  CHECK(r.apply("connection refused") == "connection refused");
}

TEST_CASE("Redactor: PEM keys line by line, key files by field, identifiers kept") {
  const std::string pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n"
                          "-----END PRIVATE KEY-----\n";
  const std::string sa = R"({"type":"service_account","client_email":"op@proj.iam.gserviceaccount.com",)"
                         R"("private_key_id":"abcdef0123456789","private_key":"-----BEGIN PRIVATE KEY-----\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldY\n-----END PRIVATE KEY-----\n"})";
  Redactor r(cloud::SecretData{{"privateKey", pem}, {"tenancy", "ocid1.tenancy.oc1..aaaa"}, {"service-account.json", sa}});
  CHECK(r.apply("key MIIEvQIBADANBgkqhkiG9w0BAQEFAASC rejected") == "key [redacted] rejected");
  CHECK(r.apply("last read: 'ANBgkqhkiG9w'") == "last read: '[redacted]'");
  CHECK(r.apply("kid abcdef0123456789 unknown") == "kid [redacted] unknown");
  CHECK(r.apply("QUJDREVGR0hJSktM") == "[redacted]");
  CHECK(r.apply("tenancy ocid1.tenancy.oc1..aaaa for op@proj.iam.gserviceaccount.com") ==
        "tenancy ocid1.tenancy.oc1..aaaa for op@proj.iam.gserviceaccount.com");
  CHECK(r.apply("-----BEGIN PRIVATE KEY-----") == "-----BEGIN PRIVATE KEY-----");
}

TEST_CASE("Redactor scrubs Error message and reason") {
  Redactor r(cloud::SecretData{{"token", "CW-SECRET-0123456789abcdef"}});
  Error e = r.apply(Error(ErrorCode::Unauthenticated, "token CW-SECRET-0123456789abcdef rejected"));
  CHECK(e.code == ErrorCode::Unauthenticated);
  CHECK(e.message == "token [redacted] rejected");
}
