#include "cloud/token_cache.h"

#include <algorithm>

namespace gpupool::cloud {

TokenCache::TokenCache(Fetch fetch, Clock& clock, Clock::duration refresh_before)
    : fetch_(std::move(fetch)), clock_(clock), refresh_before_(refresh_before) {}

bool TokenCache::fresh_locked(Clock::time_point now) const { return token_ && now < refresh_at_; }
bool TokenCache::usable_locked(Clock::time_point now) const { return token_ && now < expires_at_; }

Result<std::string> TokenCache::token() {
  std::unique_lock lock(mu_);
  auto now = clock_.now();
  if (fresh_locked(now)) return *token_;
  if (fetching_) {
    // Someone else is refreshing: keep using a still-valid token, else wait.
    if (usable_locked(now)) return *token_;
    long gen = generation_;
    cv_.wait(lock, [&] { return generation_ != gen; });
    if (token_ && clock_.now() < expires_at_) return *token_;
    return last_error_ ? *last_error_ : Error(ErrorCode::Unauthenticated, "no access token");
  }
  fetching_ = true;
  lock.unlock();
  auto started = clock_.now();
  auto got = fetch_();
  lock.lock();
  fetching_ = false;
  ++fetches_;
  ++generation_;
  if (got) {
    auto life = std::max(got->lifetime, Clock::duration::zero());
    // Refresh ~5 min early, but never later than half-way for short-lived tokens.
    auto early = std::max(life - refresh_before_, life / 2);
    token_ = got->value;
    refresh_at_ = started + early;
    expires_at_ = started + life;
    last_error_.reset();
  } else {
    last_error_ = got.error();
  }
  cv_.notify_all();
  if (got) return *token_;
  // A failed early refresh keeps serving the still-valid token.
  if (usable_locked(clock_.now())) return *token_;
  return got.error();
}

void TokenCache::invalidate() {
  std::lock_guard lock(mu_);
  token_.reset();
}

long TokenCache::fetches() const {
  std::lock_guard lock(mu_);
  return fetches_;
}

}  // namespace gpupool::cloud
