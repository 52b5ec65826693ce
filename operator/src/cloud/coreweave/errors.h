#pragma once
// The one place CoreWeave CKS answers become our Error codes (cloud-apis.md
// §4.5). Node pools live on the cluster's Kubernetes API, so errors arrive as
// Kubernetes Status bodies (via kube::RestClient) or as NodePool conditions.
//   403        CKS answers 403 (not 401) for a missing, expired or revoked
//              token: Unauthenticated, unless the Status names a real user the
//              RBAC denied (PermissionDenied) or an admission webhook denied
//              the request (InvalidArgument, or ResourceExhausted/Quota).
//   401        Unauthenticated        404  NotFound
//   409        AlreadyExists (reason AlreadyExists) else Conflict (stale resourceVersion)
//   400, 422   InvalidArgument (Invalid: CEL/admission rules; quota text -> Quota)
//   429        RateLimited with Retry-After      5xx  Unavailable
// Messages keep the server's text verbatim. Pure; thread-safe.
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace gpupool::cloud::coreweave {

// Re-maps an error kube::RestClient returned (http_status, reason, message
// and retry_after are kept). Errors without an HTTP answer pass unchanged.
Error map_api_error(const Error& e);

// From a raw answer: status, body, Retry-After header value (may be "").
Error map_http_error(int status, std::string_view body, std::string_view retry_after = "");

// Whether a NodePool condition's reason/message speaks of quota or of
// missing capacity; nullopt otherwise. Keyword-based because CoreWeave's
// exact condition reasons are not published (cloud-apis.md §4.3).
std::optional<ExhaustedKind> exhausted_kind(std::string_view reason, std::string_view message);

// The classified error for a pool whose condition reports `kind`, with the
// condition's reason and message verbatim.
Error condition_error(ExhaustedKind kind, const std::string& pool, const std::string& reason,
                      const std::string& message);

}  // namespace gpupool::cloud::coreweave
