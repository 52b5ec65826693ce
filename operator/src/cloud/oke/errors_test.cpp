#include "cloud/oke/errors.h"

#include <doctest/doctest.h>

#include "cloud/errors.h"

using namespace gpupool;
using namespace gpupool::cloud::oke;
using nlohmann::json;

TEST_CASE("OKE HTTP errors map by status and code (real bodies)") {
  struct Row {
    int status;
    const char* body;
    ErrorCode code;
    ExhaustedKind kind;
  };
  const Row rows[] = {
      {401, R"({"code":"NotAuthenticated","message":"The required information to complete authentication was not provided or was incorrect."})",
       ErrorCode::Unauthenticated, ExhaustedKind::None},
      {404, R"({"code":"NotAuthorizedOrNotFound","message":"Authorization failed or requested resource not found."})",
       ErrorCode::NotFound, ExhaustedKind::None},
      {409, R"({"code":"IncorrectState","message":"Work request ocid1.clustersworkrequest.oc1.iad.x is in progress"})",
       ErrorCode::Busy, ExhaustedKind::None},
      {409, R"({"code":"Conflict","message":"The resource is being modified."})", ErrorCode::Busy, ExhaustedKind::None},
      {409, R"({"code":"InvalidatedRetryToken","message":"The retry token was already used for a different request."})",
       ErrorCode::Conflict, ExhaustedKind::None},
      {412, R"({"code":"NoEtagMatch","message":"The resource's etag does not match the if-match header value."})",
       ErrorCode::Conflict, ExhaustedKind::None},
      {400, R"({"code":"LimitExceeded","message":"The following service limits were exceeded: gpu-h100-count."})",
       ErrorCode::ResourceExhausted, ExhaustedKind::Quota},
      {400, R"({"code":"QuotaExceeded","message":"Quota exceeded for compartment."})", ErrorCode::ResourceExhausted,
       ExhaustedKind::Quota},
      {500, R"({"code":"InternalError","message":"Out of host capacity."})", ErrorCode::ResourceExhausted,
       ExhaustedKind::Stockout},
      {400, R"({"code":"InvalidParameter","message":"Invalid nodeShape: BM.GPU.X"})", ErrorCode::InvalidArgument,
       ExhaustedKind::None},
      {400, R"({"code":"CannotParseRequest","message":"The request body could not be parsed as JSON."})",
       ErrorCode::InvalidArgument, ExhaustedKind::None},
      {400, R"({"code":"RelatedResourceNotAuthorizedOrNotFound","message":"Subnet not found"})",
       ErrorCode::FailedPrecondition, ExhaustedKind::None},
      {403, R"({"code":"NotAuthorized","message":"no"})", ErrorCode::PermissionDenied, ExhaustedKind::None},
      {503, R"({"code":"ServiceUnavailable","message":"later"})", ErrorCode::Unavailable, ExhaustedKind::None},
      {502, "<html>bad gateway</html>", ErrorCode::Unavailable, ExhaustedKind::None},
  };
  for (const auto& r : rows) {
    CAPTURE(r.body);
    Error e = map_http_error(r.status, r.body, "", "REQ1");
    CHECK(e.code == r.code);
    CHECK(e.exhausted == r.kind);
    CHECK(e.http_status == r.status);
    CHECK(e.message.find("REQ1") != std::string::npos);
  }
}

TEST_CASE("429 TooManyRequests is RateLimited with retry-after") {
  Error e = map_http_error(429, R"({"code":"TooManyRequests","message":"Too many requests for the user."})", "3");
  CHECK(e.code == ErrorCode::RateLimited);
  REQUIRE(e.retry_after);
  CHECK(*e.retry_after == std::chrono::seconds(3));
  CHECK(e.reason == "TooManyRequests");
}

TEST_CASE("failed work requests: Out of host capacity is a stockout, others stay Internal") {
  json wr = {{"id", "ocid1.clustersworkrequest.oc1.iad.a"}, {"operationType", "NODEPOOL_CREATE"}, {"status", "FAILED"}};
  json errors = json::array({{{"code", "InternalError"},
                              {"message", "2 node(s) launch failure. Reason for failure on one of the nodes : Shape "
                                          "BM.GPU.H100.8, (500, InternalError, false) Out of host capacity."},
                              {"timestamp", "2026-11-30T09:55:50.352Z"}}});
  Error e = map_work_request_failure(wr, errors);
  CHECK(cloud::is_stockout(e));
  CHECK(e.message.find("NODEPOOL_CREATE") != std::string::npos);
  Error other = map_work_request_failure(wr, json::array({{{"code", "InternalError"}, {"message", "1 nodes(s) register timeout"}}}));
  CHECK(other.code == ErrorCode::Internal);
  CHECK(map_work_request_failure({{"status", "CANCELED"}}, json::array()).code == ErrorCode::Unavailable);
}

TEST_CASE("nodeError objects") {
  CHECK_FALSE(map_node_error(json()));
  auto e = map_node_error({{"code", "InternalError"}, {"message", "Out of host capacity."}, {"status", "500"}});
  REQUIRE(e);
  CHECK(cloud::is_stockout(*e));
  auto q = map_node_error({{"code", "LimitExceeded"}, {"message", "limit"}});
  REQUIRE(q);
  CHECK(cloud::is_quota(*q));
}
