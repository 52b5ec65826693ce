#pragma once
// Error: a code named by the caller's next move, plus a human message.
// Codes form a small closed set (see STYLE.md "Errors"); raw HTTP/cloud codes
// stay at the edges and are mapped into these.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gpupool {

enum class ErrorCode {
  Unavailable,         // transient: retry with backoff (network, 5xx)
  RateLimited,         // retry after retry_after
  Busy,                // another operation in flight: wait, not a failure
  Conflict,            // stale write: re-read and redo
  ResourceExhausted,   // stockout/quota: fail over
  InvalidArgument,     // bad input: report, wait for a spec change
  FailedPrecondition,  // state does not allow this: report, wait
  NotFound,
  AlreadyExists,
  Unauthenticated,
  PermissionDenied,
  Gone,                // resourceVersion too old (HTTP 410): relist
  Timeout,
  Internal,
};

// Sub-kind for ResourceExhausted: tells stockout from quota in status/events.
enum class ExhaustedKind { None, Stockout, Quota };

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;
  // Set when the server told us when to come back (Retry-After).
  std::optional<std::chrono::milliseconds> retry_after;
  ExhaustedKind exhausted = ExhaustedKind::None;
  int http_status = 0;     // 0 when not from an HTTP answer
  std::string reason;      // machine-readable reason from the server, if any

  Error() = default;
  Error(ErrorCode c, std::string msg) : code(c), message(std::move(msg)) {}

  // Prefix context: Error{...}.with_context("resizing pool x") -> "resizing pool x: <msg>".
  Error with_context(std::string_view context) const;
  // "<Code>: <message>" for logs.
  std::string describe() const;
};

}  // namespace gpupool
