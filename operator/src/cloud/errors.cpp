#include "cloud/errors.h"

#include <cctype>
#include <ctime>

namespace gpupool::cloud {

Error resource_exhausted(ExhaustedKind kind, std::string message, std::string reason) {
  Error e(ErrorCode::ResourceExhausted, std::move(message));
  e.exhausted = kind;
  e.reason = std::move(reason);
  return e;
}

Error rate_limited(std::string message, std::optional<std::chrono::milliseconds> retry_after) {
  Error e(ErrorCode::RateLimited, std::move(message));
  e.retry_after = retry_after;
  e.http_status = 429;
  return e;
}

Error busy(std::string message, std::string reason) {
  Error e(ErrorCode::Busy, std::move(message));
  e.reason = std::move(reason);
  return e;
}

ErrorCode code_for_http_status(int status) {
  switch (status) {
    case 400: return ErrorCode::InvalidArgument;
    case 401: return ErrorCode::Unauthenticated;
    case 403: return ErrorCode::PermissionDenied;
    case 404: return ErrorCode::NotFound;
    case 409:
    case 412: return ErrorCode::Conflict;
    case 429: return ErrorCode::RateLimited;
    default: break;
  }
  if (status >= 500 && status <= 599) return ErrorCode::Unavailable;
  return ErrorCode::Internal;
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  bool digits = true;
  for (char c : value) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (digits) {
    if (value.size() > 9) return std::nullopt;
    return std::chrono::seconds(std::stol(std::string(value)));
  }
  // HTTP-date (IMF-fixdate): "Wed, 21 Oct 2015 07:28:00 GMT".
  std::tm tm{};
  std::string s(value);
  if (!strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return std::nullopt;
  auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
  auto d = std::chrono::duration_cast<std::chrono::milliseconds>(at - now);
  return d.count() < 0 ? std::chrono::milliseconds(0) : d;
}

std::string body_excerpt(std::string_view body, std::size_t max) {
  if (body.size() <= max) return std::string(body);
  return std::string(body.substr(0, max)) + "...";
}

}  // namespace gpupool::cloud
