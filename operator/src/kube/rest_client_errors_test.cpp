#include "kube/rest_client_errors.h"

#include <doctest/doctest.h>

namespace gpupool::kube {
namespace {

http::Response answer(int status, std::string body, std::map<std::string, std::string> headers = {}) {
  headers.emplace("content-type", "application/json");
  return http::Response{status, std::move(headers), std::move(body)};
}

// Bodies copied from the API reference §5 and the client-node wire samples.
TEST_CASE("404 NotFound keeps message and reason") {
  auto e = error_from_response(answer(404, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"leases.coordination.k8s.io \"gpupool-operator\" not found","reason":"NotFound","details":{"name":"gpupool-operator","group":"coordination.k8s.io","kind":"leases"},"code":404})"));
  CHECK(e.code == ErrorCode::NotFound);
  CHECK(e.reason == "NotFound");
  CHECK(e.http_status == 404);
  CHECK(e.message == "leases.coordination.k8s.io \"gpupool-operator\" not found");
}

TEST_CASE("409: Conflict vs AlreadyExists by reason") {
  auto conflict = error_from_response(answer(409, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on gpupools.gpupool.io \"train\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"train","group":"gpupool.io","kind":"gpupools"},"code":409})"));
  CHECK(conflict.code == ErrorCode::Conflict);
  auto exists = error_from_response(answer(409, R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"gpupools.gpupool.io \"pool-a\" already exists","reason":"AlreadyExists","code":409})"));
  CHECK(exists.code == ErrorCode::AlreadyExists);
  auto bare = error_from_response(answer(409, R"({"kind":"Status","status":"Failure","message":"x","code":409})"));
  CHECK(bare.code == ErrorCode::Conflict);
}

TEST_CASE("410 Expired and Gone; 504 ResourceVersionTooLarge is treated like expiry") {
  CHECK(error_from_response(answer(410, R"({"kind":"Status","status":"Failure","message":"The resourceVersion for the provided list is too old.","reason":"Expired","code":410})")).code == ErrorCode::Gone);
  CHECK(error_from_response(answer(410, R"({"kind":"Status","reason":"Gone","code":410})")).code == ErrorCode::Gone);
  auto large = error_from_response(answer(504, R"({"kind":"Status","status":"Failure","message":"Too large resource version: 2000, current: 1050","reason":"Timeout","details":{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}],"retryAfterSeconds":1},"code":504})"));
  CHECK(large.code == ErrorCode::Gone);
  CHECK(large.reason == "Timeout");
}

TEST_CASE("422 Invalid, 400 BadRequest, 415 are InvalidArgument") {
  CHECK(error_from_response(answer(422, R"({"kind":"Status","status":"Failure","message":"GPUPool.gpu.example.com \"pool-a\" is invalid: spec.minNodes: Invalid value: -1: spec.minNodes in body should be greater than or equal to 0","reason":"Invalid","details":{"name":"pool-a","group":"gpu.example.com","kind":"GPUPool","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: -1","field":"spec.minNodes"}]},"code":422})")).code == ErrorCode::InvalidArgument);
  CHECK(error_from_response(answer(400, R"({"kind":"Status","status":"Failure","message":"field label not supported: spec.x","reason":"BadRequest","code":400})")).code == ErrorCode::InvalidArgument);
  CHECK(error_from_response(answer(415, R"({"kind":"Status","status":"Failure","message":"the body of the request was in an unknown format","reason":"UnsupportedMediaType","code":415})")).code == ErrorCode::InvalidArgument);
}

TEST_CASE("401, 403") {
  CHECK(error_from_response(answer(401, R"({"kind":"Status","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401})")).code == ErrorCode::Unauthenticated);
  auto e = error_from_response(answer(403, R"({"kind":"Status","status":"Failure","message":"gpupools.gpu.example.com \"pool-a\" is forbidden: User \"system:serviceaccount:ops:gpupool-operator\" cannot update resource \"gpupools\" in API group \"gpu.example.com\" in the namespace \"default\"","reason":"Forbidden","code":403})"));
  CHECK(e.code == ErrorCode::PermissionDenied);
  CHECK(e.message.find("cannot update resource") != std::string::npos);
}

TEST_CASE("429 retry-after from header, else from details") {
  auto h = error_from_response(answer(429, R"({"kind":"Status","status":"Failure","message":"Too many requests, please try again later.","reason":"TooManyRequests","details":{"retryAfterSeconds":1},"code":429})", {{"retry-after", "7"}}));
  CHECK(h.code == ErrorCode::RateLimited);
  REQUIRE(h.retry_after);
  CHECK(*h.retry_after == std::chrono::seconds(7));
  auto d = error_from_response(answer(429, R"({"kind":"Status","reason":"TooManyRequests","details":{"retryAfterSeconds":3},"code":429})"));
  REQUIRE(d.retry_after);
  CHECK(*d.retry_after == std::chrono::seconds(3));
}

TEST_CASE("5xx reasons are Unavailable; non-Status bodies fall back to the HTTP code") {
  CHECK(error_from_response(answer(500, R"({"kind":"Status","status":"Failure","message":"Internal error occurred: boom","reason":"InternalError","code":500})")).code == ErrorCode::Unavailable);
  CHECK(error_from_response(answer(503, R"({"kind":"Status","reason":"ServiceUnavailable","code":503})")).code == ErrorCode::Unavailable);
  auto html = error_from_response(answer(502, "<html>Bad Gateway</html>"));
  CHECK(html.code == ErrorCode::Unavailable);
  CHECK(html.message.find("HTTP 502") != std::string::npos);
  auto empty = error_from_response(answer(404, ""));
  CHECK(empty.code == ErrorCode::NotFound);
  CHECK(error_from_response(answer(405, R"({"kind":"Status","reason":"MethodNotAllowed","code":405})")).code == ErrorCode::Internal);
}

TEST_CASE("reason wins over code; unknown reason falls back to code") {
  CHECK(classify_status("NotFound", 500) == ErrorCode::NotFound);
  CHECK(classify_status("SomethingNew", 404) == ErrorCode::NotFound);
  CHECK(classify_status("", 418) == ErrorCode::Internal);
}

}  // namespace
}  // namespace gpupool::kube
