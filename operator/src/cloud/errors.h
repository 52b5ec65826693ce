#pragma once
// Building blocks for each cloud's error mapping (cloud/<cloud>/errors.cpp):
// typed constructors for the classified errors the reconciler acts on, and a
// generic HTTP-status fallback. Messages never carry secrets or bodies with
// tokens; callers pass the cloud's own message text.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace gpupool::cloud {

// Stockout or quota: fail over to another target.
Error resource_exhausted(ExhaustedKind kind, std::string message, std::string reason = "");
// Too many requests: come back after `retry_after` (if the server said).
Error rate_limited(std::string message, std::optional<std::chrono::milliseconds> retry_after = std::nullopt);
// Another operation holds the cluster/pool: wait and retry, not a failure.
Error busy(std::string message, std::string reason = "");

// Fallback mapping by HTTP status alone: 400 InvalidArgument, 401
// Unauthenticated, 403 PermissionDenied, 404 NotFound, 409 Conflict, 412
// Conflict, 429 RateLimited, 5xx Unavailable, anything else Internal.
ErrorCode code_for_http_status(int status);

// Retry-After as delta-seconds ("5") or an HTTP-date relative to `now`;
// nullopt when absent or unparsable.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// Classification predicates for callers and tests.
inline bool is_stockout(const Error& e) {
  return e.code == ErrorCode::ResourceExhausted && e.exhausted == ExhaustedKind::Stockout;
}
inline bool is_quota(const Error& e) {
  return e.code == ErrorCode::ResourceExhausted && e.exhausted == ExhaustedKind::Quota;
}

// Truncates a response body for inclusion in an error message.
std::string body_excerpt(std::string_view body, std::size_t max = 300);

}  // namespace gpupool::cloud
