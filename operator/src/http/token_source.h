#pragma once
// BearerTokenSource: the bearer token to send with each request.
// A token file (a kubelet-projected, rotating service-account token) is
// re-read when its mtime changes, checked at most once per `recheck`
// (client-go re-reads at most every minute) and on the next call after
// invalidate() (called on a 401). The last successful read wins over the
// static token; a failed re-read keeps the previous token. Thread-safe.
#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"

namespace gpupool::http {

class BearerTokenSource {
 public:
  BearerTokenSource(std::string static_token, std::string token_file, Clock& clock,
                    Clock::duration recheck = std::chrono::minutes(1));

  // The token, "" when none is configured. Unauthenticated when only a token
  // file is configured and it has never been read successfully.
  Result<std::string> token();
  // Forces a re-check of the file on the next token() call.
  void invalidate();

 private:
  void refresh_locked();

  std::mutex mu_;
  const std::string static_token_;
  const std::string file_;
  Clock& clock_;
  const Clock::duration recheck_;
  std::string file_token_;
  std::string last_error_;
  std::optional<std::filesystem::file_time_type> mtime_;
  std::optional<Clock::time_point> last_check_;
};

}  // namespace gpupool::http
