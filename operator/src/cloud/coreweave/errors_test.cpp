#include "cloud/coreweave/errors.h"

#include <doctest/doctest.h>

#include "cloud/errors.h"

using namespace gpupool;
using namespace gpupool::cloud::coreweave;

namespace {
std::string status_body(int code, const std::string& reason, const std::string& message) {
  return R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":")" + message +
         R"(","reason":")" + reason + R"(","code":)" + std::to_string(code) + "}";
}
}  // namespace

TEST_CASE("Kubernetes Status answers from CKS map to our codes") {
  struct Row {
    int status;
    std::string reason, message;
    ErrorCode code;
  };
  const Row rows[] = {
      {403, "Forbidden", R"(forbidden: User \"system:anonymous\" cannot get path \"/apis\")", ErrorCode::Unauthenticated},
      {403, "Forbidden", "Forbidden", ErrorCode::Unauthenticated},
      {403, "Forbidden",
       R"(nodepools.compute.coreweave.com is forbidden: User \"dev@example.com\" cannot list resource \"nodepools\" in API group \"compute.coreweave.com\" at the cluster scope)",
       ErrorCode::PermissionDenied},
      {403, "Forbidden", R"(admission webhook \"nodepool.coreweave.com\" denied the request: targetNodes must be a multiple of 18)",
       ErrorCode::InvalidArgument},
      {401, "Unauthorized", "Unauthorized", ErrorCode::Unauthenticated},
      {404, "NotFound", R"(nodepools.compute.coreweave.com \"gp-a\" not found)", ErrorCode::NotFound},
      {409, "AlreadyExists", R"(nodepools.compute.coreweave.com \"gp-a\" already exists)", ErrorCode::AlreadyExists},
      {409, "Conflict", "Operation cannot be fulfilled on nodepools.compute.coreweave.com: the object has been modified",
       ErrorCode::Conflict},
      {422, "Invalid", R"(NodePool.compute.coreweave.com \"gp-a\" is invalid: spec.instanceType: Invalid value: \"string\": instanceType is immutable)",
       ErrorCode::InvalidArgument},
      {400, "BadRequest", "the body of the request was in an unknown format", ErrorCode::InvalidArgument},
      {500, "InternalError", "boom", ErrorCode::Unavailable},
      {503, "ServiceUnavailable", "etcd leader changed", ErrorCode::Unavailable},
  };
  for (const auto& r : rows) {
    CAPTURE(r.message);
    auto e = map_http_error(r.status, status_body(r.status, r.reason, r.message));
    CHECK(e.code == r.code);
    CHECK(e.http_status == r.status);
    CHECK(e.reason == r.reason);
  }
}

TEST_CASE("a 403 for a bad token says what to fix") {
  auto e = map_http_error(403, status_body(403, "Forbidden", "Forbidden"));
  CHECK(e.message.find("CW-SECRET") != std::string::npos);
  CHECK(e.message.find("403") != std::string::npos);
}

TEST_CASE("quota refusals are ResourceExhausted/Quota; 429 keeps Retry-After") {
  auto q = map_http_error(403, status_body(403, "Forbidden", "admission webhook \\\"np\\\" denied the request: quota exceeded for gd-8xh100ib-i128"));
  CHECK(cloud::is_quota(q));
  auto t = map_http_error(429, status_body(429, "TooManyRequests", "Too many requests, please try again later."), "2");
  CHECK(t.code == ErrorCode::RateLimited);
  CHECK(t.retry_after == std::chrono::milliseconds(2000));
  auto html = map_http_error(502, "<html>bad gateway</html>");
  CHECK(html.code == ErrorCode::Unavailable);
}

TEST_CASE("errors without an HTTP answer pass unchanged") {
  Error net(ErrorCode::Timeout, "deadline exceeded");
  CHECK(map_api_error(net).code == ErrorCode::Timeout);
}

TEST_CASE("conditions: quota before capacity, text kept verbatim") {
  CHECK(exhausted_kind("QuotaExceeded", "x") == ExhaustedKind::Quota);
  CHECK(exhausted_kind("InsufficientCapacity", "no nodes") == ExhaustedKind::Stockout);
  CHECK(exhausted_kind("Pending", "insufficient capacity in US-EAST-04A") == ExhaustedKind::Stockout);
  CHECK_FALSE(exhausted_kind("ScalingUp", "provisioning nodes"));
  auto e = condition_error(ExhaustedKind::Stockout, "gp-a", "InsufficientCapacity", "0 of 2 nodes could be allocated");
  CHECK(cloud::is_stockout(e));
  CHECK(e.reason == "InsufficientCapacity");
  CHECK(e.message.find("InsufficientCapacity: 0 of 2 nodes could be allocated") != std::string::npos);
}
