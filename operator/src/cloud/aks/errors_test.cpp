#include "cloud/aks/errors.h"

#include <doctest/doctest.h>

#include "cloud/errors.h"

using namespace gpupool;
using namespace gpupool::cloud;

namespace {
struct Row {
  const char* name;
  int status;
  const char* body;
  ErrorCode code;
  ExhaustedKind kind;
};

// Bodies as observed (cloud-apis.md §2.5, wire-samples/aks.md).
const Row kRows[] = {
    {"busy, unwrapped", 409,
     R"({"code":"OperationNotAllowed","details":null,"message":"Operation is not allowed: Another operation (Updating) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details","subcode":""})",
     ErrorCode::Busy, ExhaustedKind::None},
    {"busy, other agent pool, wrapped", 409,
     R"({"error":{"code":"OperationNotAllowed","message":"Operation is not allowed: Another agentpool operation (nodepool1 - Creating) is in progress, please wait for it to finish before starting a new operation."}})",
     ErrorCode::Busy, ExhaustedKind::None},
    {"quota via OperationNotAllowed", 409,
     R"({"error":{"code":"OperationNotAllowed","message":"Operation could not be completed as it results in exceeding approved standardDASv5Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: eastus, Current Limit: 100, Current Usage: 96, Additional Required: 64, (Minimum) New Limit Required: 160."}})",
     ErrorCode::ResourceExhausted, ExhaustedKind::Quota},
    {"AKS preflight vCPU quota", 400,
     R"({"code":"ErrCode_InsufficientVCPUQuota","details":null,"message":"Insufficient vcpu quota requested 2, remaining 0 for family StandardDasv7Family for region eastus. Surge nodes would also consume vcpu quota.","subcode":""})",
     ErrorCode::ResourceExhausted, ExhaustedKind::Quota},
    {"QuotaExceeded nested in InvalidTemplateDeployment", 400,
     R"({"error":{"code":"InvalidTemplateDeployment","message":"The template deployment failed.","details":[{"code":"QuotaExceeded","message":"Operation could not be completed as it results in exceeding approved standardNDSH100v5Family Cores quota."}]}})",
     ErrorCode::ResourceExhausted, ExhaustedKind::Quota},
    {"SkuNotAvailable nested", 400,
     R"({"error":{"code":"InvalidTemplateDeployment","message":"The template deployment 'x' is not valid.","details":[{"code":"SkuNotAvailable","message":"The requested size for resource '/subscriptions/s/vm' is currently not available in location 'eastus' zones '1,2,3' for subscription 's'."}]}})",
     ErrorCode::ResourceExhausted, ExhaustedKind::Stockout},
    {"missing pool, unwrapped NotFound", 404,
     R"({"code":"NotFound","details":null,"message":"Agent pool gpuh100 not found.","subcode":"GetAgentPool_NotFound"})",
     ErrorCode::NotFound, ExhaustedKind::None},
    {"missing cluster, wrapped ResourceNotFound", 404,
     R"({"error":{"code":"ResourceNotFound","message":"The Resource 'Microsoft.ContainerService/managedClusters/x' under resource group 'rg' was not found."}})",
     ErrorCode::NotFound, ExhaustedKind::None},
    {"stale eTag", 412,
     R"({"code":"PreconditionFailed","details":null,"message":"Operation is not allowed: the If-Match header value does not match.","subcode":""})",
     ErrorCode::Conflict, ExhaustedKind::None},
    {"expired token", 401,
     R"({"error":{"code":"ExpiredAuthenticationToken","message":"The access token expiry UTC time '2026-11-30T09:00:00Z' is earlier than current UTC time '2026-11-30T10:00:00Z'."}})",
     ErrorCode::Unauthenticated, ExhaustedKind::None},
    {"no RBAC", 403,
     R"({"error":{"code":"AuthorizationFailed","message":"The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/agentPools/write'."}})",
     ErrorCode::PermissionDenied, ExhaustedKind::None},
    {"bad request", 400,
     R"({"code":"InvalidParameter","details":null,"message":"The value of parameter agentPoolProfile.count is invalid.","subcode":""})",
     ErrorCode::InvalidArgument, ExhaustedKind::None},
    {"server error, not JSON", 502, "<html>Bad Gateway</html>", ErrorCode::Unavailable, ExhaustedKind::None},
};
}  // namespace

TEST_CASE("aks http errors map by status, code and message (both body shapes)") {
  for (const auto& row : kRows) {
    CAPTURE(row.name);
    Error e = aks::map_http_error(row.status, row.body);
    CHECK(e.code == row.code);
    CHECK(e.exhausted == row.kind);
    CHECK(e.http_status == row.status);
  }
}

TEST_CASE("aks 429 carries Retry-After") {
  Error e = aks::map_http_error(
      429,
      R"({"error":{"code":"SubscriptionRequestsThrottled","message":"Number of 'write' requests for subscription 's' actor 'a' exceeded. Please try again after '5' seconds after additional tokens are available."}})",
      "5");
  CHECK(e.code == ErrorCode::RateLimited);
  REQUIRE(e.retry_after);
  CHECK(*e.retry_after == std::chrono::milliseconds(5000));
  CHECK(e.reason == "SubscriptionRequestsThrottled");
}

TEST_CASE("aks async failures: allocation codes are stockouts, even nested") {
  for (const char* code : {"AllocationFailed", "ZonalAllocationFailed", "OverconstrainedAllocationRequest",
                           "OverconstrainedZonalAllocationRequest", "SkuNotAvailable"}) {
    CAPTURE(code);
    nlohmann::json op = {{"code", code}, {"message", "Allocation failed. We do not have sufficient capacity."}};
    Error e = aks::map_async_error(aks::parse_error_object(op));
    CHECK(is_stockout(e));
    CHECK(e.reason == code);
    nlohmann::json nested = {{"code", "ReconcileVMSSAgentPoolFailed"}, {"message", "VMSS reconcile failed"},
                             {"details", {op}}};
    Error n = aks::map_async_error(aks::parse_error_object(nested));
    CHECK(is_stockout(n));
    CHECK(n.reason == code);
  }
}

TEST_CASE("aks async failures: quota, cancel, unknown") {
  nlohmann::json quota = {{"code", "QuotaExceeded"}, {"message", "exceeding approved Cores quota"}};
  CHECK(is_quota(aks::map_async_error(aks::parse_error_object(quota))));
  nlohmann::json cancel = {{"code", "OperationCanceled"},
                           {"message", "The operation was overriden and canceled by a later operation"}};
  CHECK(aks::map_async_error(aks::parse_error_object(cancel), "Canceled").code == ErrorCode::Conflict);
  nlohmann::json other = {{"code", "VMExtensionProvisioningError"}, {"message", "boot failed"}};
  CHECK(aks::map_async_error(aks::parse_error_object(other)).code == ErrorCode::Internal);
}
