#include "http/token_source.h"

#include <fstream>
#include <sstream>

#include "common/log.h"

namespace gpupool::http {

namespace {

std::string trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(s.find_last_not_of(ws) + 1);
  s.erase(0, s.find_first_not_of(ws));
  return s;
}

}  // namespace

BearerTokenSource::BearerTokenSource(std::string static_token, std::string token_file, Clock& clock,
                                     Clock::duration recheck)
    : static_token_(std::move(static_token)), file_(std::move(token_file)), clock_(clock), recheck_(recheck) {}

Result<std::string> BearerTokenSource::token() {
  std::lock_guard lock(mu_);
  if (file_.empty()) return static_token_;
  const auto now = clock_.now();
  if (!last_check_ || now - *last_check_ >= recheck_) {
    last_check_ = now;
    refresh_locked();
  }
  if (!file_token_.empty()) return file_token_;
  if (!static_token_.empty()) return static_token_;
  return fail(ErrorCode::Unauthenticated, "reading bearer token file " + file_ + ": " + last_error_);
}

void BearerTokenSource::invalidate() {
  std::lock_guard lock(mu_);
  last_check_.reset();
  mtime_.reset();  // re-read even if the mtime looks unchanged
}

void BearerTokenSource::refresh_locked() {
  std::error_code ec;
  auto mtime = std::filesystem::last_write_time(file_, ec);
  if (ec) {
    last_error_ = ec.message();
    log::warn("bearer token file unreadable; keeping previous token", {{"path", file_}, {"error", last_error_}});
    return;
  }
  if (mtime_ && *mtime_ == mtime && !file_token_.empty()) return;
  std::ifstream in(file_, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string tok = trim(ss.str());
  if (!in || tok.empty()) {
    last_error_ = in ? "file is empty" : "cannot open";
    log::warn("bearer token file unusable; keeping previous token", {{"path", file_}, {"error", last_error_}});
    return;
  }
  // Token values are never logged, only that a rotation happened.
  if (!file_token_.empty() && tok != file_token_) log::info("bearer token file rotated", {{"path", file_}});
  file_token_ = std::move(tok);
  mtime_ = mtime;
}

}  // namespace gpupool::http
