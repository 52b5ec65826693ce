#pragma once
// ThrottledRetryTransport: client-side rate limit plus server-directed retry,
// as client-go's rest.Request does:
//  * every attempt first takes a token from a TokenBucket (qps/burst),
//    waiting on the injected Clock if none is free;
//  * an idempotent request answered 429 or 5xx *with* a Retry-After header
//    (integer seconds) is retried after that many seconds (capped), up to
//    max_retries times. Without Retry-After the answer is returned as is:
//    the caller's backoff policy decides.
// Waits end early when the stream's stop_token is requested (the last answer
// is returned). Thread-safe if `inner` is.
#include <chrono>
#include <memory>
#include <optional>

#include "common/clock.h"
#include "common/token_bucket.h"
#include "http/transport.h"

namespace gpupool::http {

struct RetryPolicy {
  double qps = 20.0;
  int burst = 30;
  int max_retries = 10;
  std::chrono::seconds max_retry_after{30};
};

class ThrottledRetryTransport final : public Transport {
 public:
  ThrottledRetryTransport(std::unique_ptr<Transport> inner, RetryPolicy policy, Clock& clock);

  Result<Response> send(const Request& req) override;
  Result<Response> stream_lines(const Request& req, std::stop_token stop, const LineHandler& on_line) override;

  // How long to wait before retrying `req` after answer `r` on retry number
  // `retry` (1-based), or nullopt to return `r` to the caller.
  std::optional<Clock::duration> retry_wait(const Request& req, const Result<Response>& r, int retry) const;

 private:
  template <typename Attempt>
  Result<Response> run(const Request& req, std::stop_token stop, Attempt attempt);
  // Sleeps on clock_; false if `stop` was requested first.
  bool wait(Clock::duration d, const std::stop_token& stop);

  std::unique_ptr<Transport> inner_;
  RetryPolicy policy_;
  Clock& clock_;
  TokenBucket bucket_;
};

// Parses a Retry-After header holding delta-seconds; nullopt otherwise
// (HTTP-dates are not used by the API server).
std::optional<std::chrono::seconds> parse_retry_after(const std::string& value);

}  // namespace gpupool::http
