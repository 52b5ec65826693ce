#pragma once
// TokenCache: the shared access-token cache for clouds with OAuth-style
// bearer tokens (GKE service-account JWT exchange, AKS client credentials).
//  * One fetch per token lifetime: the cached token is reused until its
//    refresh point, ~5 min before expiry (or half-way for short-lived
//    tokens), never one token request per API call.
//  * Single-flight: concurrent callers wait for one in-flight fetch; while a
//    still-valid token is being refreshed, others keep using it.
//  * invalidate() after a 401 forces the next call to fetch.
// Token values are secrets: they never appear in errors or logs. Thread-safe.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"

namespace gpupool::cloud {

struct AccessToken {
  std::string value;
  Clock::duration lifetime{};  // expires_in as told by the token endpoint
};

class TokenCache {
 public:
  using Fetch = std::function<Result<AccessToken>()>;
  TokenCache(Fetch fetch, Clock& clock, Clock::duration refresh_before = std::chrono::minutes(5));

  // A usable token, fetching if needed (blocks during the fetch). Errors from
  // the fetch are returned as is (Unauthenticated for rejected credentials).
  Result<std::string> token();
  // Drops the cached token (after a 401).
  void invalidate();
  // Number of fetches so far (tests, metrics).
  long fetches() const;

 private:
  bool fresh_locked(Clock::time_point now) const;
  bool usable_locked(Clock::time_point now) const;

  Fetch fetch_;
  Clock& clock_;
  const Clock::duration refresh_before_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::optional<std::string> token_;
  Clock::time_point refresh_at_{}, expires_at_{};
  bool fetching_ = false;
  long fetches_ = 0;
  std::optional<Error> last_error_;  // error of the last completed fetch, for its waiters
  long generation_ = 0;              // bumps when a fetch completes
};

}  // namespace gpupool::cloud
