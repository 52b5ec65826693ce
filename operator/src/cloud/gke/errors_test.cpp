#include "cloud/gke/errors.h"

#include <doctest/doctest.h>

#include "cloud/errors.h"

using namespace gpupool;
using namespace gpupool::cloud::gke;
using nlohmann::json;

// Bodies copied from cloud-apis.md §1.5 and wire-samples/gke.md.
TEST_CASE("HTTP error bodies map to our codes") {
  struct Row {
    int status;
    const char* body;
    ErrorCode code;
    ExhaustedKind kind;
  };
  const Row rows[] = {
      {400,
       R"({"error":{"code":400,"message":"Cluster is running incompatible operation operation-1718024305921-fd4f65ea.","errors":[{"message":"Cluster is running incompatible operation operation-1718024305921-fd4f65ea.","domain":"global","reason":"failedPrecondition"}],"status":"FAILED_PRECONDITION"}})",
       ErrorCode::Busy, ExhaustedKind::None},
      {400,
       R"({"error":{"code":400,"message":"Cluster is currently being created, deleted, updated or repaired and cannot be updated.","status":"FAILED_PRECONDITION"}})",
       ErrorCode::Busy, ExhaustedKind::None},
      {400, R"({"error":{"code":400,"message":"Invalid value for field 'node_pool.name'.","status":"INVALID_ARGUMENT"}})",
       ErrorCode::InvalidArgument, ExhaustedKind::None},
      {429,
       R"({"error":{"code":429,"message":"Too many operations: cluster \"X\" hits the concurrent operations quota 5, please try again later.","status":"RESOURCE_EXHAUSTED"}})",
       ErrorCode::RateLimited, ExhaustedKind::None},
      {404,
       R"({"error":{"code":404,"message":"Not found: projects/gpupool-test/locations/us-central1/clusters/gpu-cluster/nodePools/gpu-h100.","errors":[{"message":"Not found: projects/gpupool-test/locations/us-central1/clusters/gpu-cluster/nodePools/gpu-h100.","domain":"global","reason":"notFound"}],"status":"NOT_FOUND"}})",
       ErrorCode::NotFound, ExhaustedKind::None},
      {409, R"({"error":{"code":409,"message":"Already exists: projects/p/locations/l/clusters/c/nodePools/np.","status":"ALREADY_EXISTS"}})",
       ErrorCode::AlreadyExists, ExhaustedKind::None},
      {401, R"({"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}})",
       ErrorCode::Unauthenticated, ExhaustedKind::None},
      {403, R"({"error":{"code":403,"message":"Required \"container.clusters.update\" permission(s).","status":"PERMISSION_DENIED"}})",
       ErrorCode::PermissionDenied, ExhaustedKind::None},
      {403,
       R"({"error":{"code":403,"message":"Insufficient regional quota to satisfy request: resource \"NVIDIA_H100_GPUS\": request requires '8.0' and is short '8.0'. project has a quota of '0.0' with '0.0' available.","status":"PERMISSION_DENIED"}})",
       ErrorCode::ResourceExhausted, ExhaustedKind::Quota},
      {503, "<html>upstream connect error</html>", ErrorCode::Unavailable, ExhaustedKind::None},
  };
  for (const auto& r : rows) {
    CAPTURE(r.body);
    auto e = map_http_error(r.status, r.body);
    CHECK(e.code == r.code);
    CHECK(e.exhausted == r.kind);
    CHECK(e.http_status == r.status);
  }
}

TEST_CASE("429 keeps Retry-After") {
  auto e = map_http_error(429, R"({"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"slow down"}})", "3");
  CHECK(e.code == ErrorCode::RateLimited);
  CHECK(e.retry_after == std::chrono::milliseconds(3000));
}

TEST_CASE("failed operations: stockout and quota") {
  auto stockout = json::parse(R"({"name":"operation-1","status":"DONE","statusMessage":"Try a different location, or try again later: Google Compute Engine does not have enough resources available to fulfill request: us-central1-a.","error":{"code":8,"message":"Try a different location, or try again later: Google Compute Engine does not have enough resources available to fulfill request: us-central1-a."},"nodepoolConditions":[{"code":"GCE_STOCKOUT","message":"..."}]})");
  auto e = map_operation_error(stockout);
  REQUIRE(e);
  CHECK(cloud::is_stockout(*e));

  auto igm = json::parse(R"({"name":"operation-2","status":"DONE","statusMessage":"Google Compute Engine: Not all instances running in IGM after 35m. Expected 1, running 0, transitioning 1. Current errors: [GCE_STOCKOUT]: Instance 'gke-x' creation failed: The zone 'projects/P/zones/us-central1-a' does not have enough resources available to fulfill the request."})");
  CHECK(cloud::is_stockout(*map_operation_error(igm)));

  auto zone = json::parse(R"({"name":"op","status":"DONE","error":{"code":8,"message":"[ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS] The zone 'projects/P/zones/Z' does not have enough resources"}})");
  CHECK(cloud::is_stockout(*map_operation_error(zone)));

  auto quota = json::parse(R"({"name":"op","status":"DONE","statusMessage":"Quota 'NVIDIA_H100_GPUS' exceeded. Limit: 8.0 in region us-central1.","nodepoolConditions":[{"code":"GCE_QUOTA_EXCEEDED","message":"x"}]})");
  CHECK(cloud::is_quota(*map_operation_error(quota)));

  auto other = json::parse(R"({"name":"op","status":"DONE","error":{"code":3,"message":"bad image"}})");
  CHECK(map_operation_error(other)->code == ErrorCode::InvalidArgument);

  CHECK_FALSE(map_operation_error(json::parse(R"({"name":"op","status":"DONE"})")));
}
