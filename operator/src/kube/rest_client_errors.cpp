#include "kube/rest_client_errors.h"

#include <map>
#include <string_view>

#include "http/retry_transport.h"

namespace gpupool::kube {

using json = nlohmann::json;

ErrorCode classify_status(const std::string& reason, int code) {
  static const std::map<std::string_view, ErrorCode> kByReason = {
      {"NotFound", ErrorCode::NotFound},           {"AlreadyExists", ErrorCode::AlreadyExists},
      {"Conflict", ErrorCode::Conflict},           {"Expired", ErrorCode::Gone},
      {"Gone", ErrorCode::Gone},                   {"Invalid", ErrorCode::InvalidArgument},
      {"BadRequest", ErrorCode::InvalidArgument},  {"Unauthorized", ErrorCode::Unauthenticated},
      {"Forbidden", ErrorCode::PermissionDenied},  {"TooManyRequests", ErrorCode::RateLimited},
      {"InternalError", ErrorCode::Unavailable},   {"ServerTimeout", ErrorCode::Unavailable},
      {"ServiceUnavailable", ErrorCode::Unavailable}, {"Timeout", ErrorCode::Unavailable},
      {"UnsupportedMediaType", ErrorCode::InvalidArgument}, {"RequestEntityTooLarge", ErrorCode::InvalidArgument},
      {"MethodNotAllowed", ErrorCode::Internal},   {"NotAcceptable", ErrorCode::Internal}};
  if (auto it = kByReason.find(reason); it != kByReason.end()) return it->second;
  switch (code) {
    case 400: case 413: case 415: case 422: return ErrorCode::InvalidArgument;
    case 401: return ErrorCode::Unauthenticated;
    case 403: return ErrorCode::PermissionDenied;
    case 404: return ErrorCode::NotFound;
    case 409: return ErrorCode::Conflict;
    case 410: return ErrorCode::Gone;
    case 429: return ErrorCode::RateLimited;
    default: return code >= 500 ? ErrorCode::Unavailable : ErrorCode::Internal;
  }
}

namespace {

std::string json_string(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The reflector treats "Too large resource version" (504 Timeout with cause
// ResourceVersionTooLarge) like expiry: relist.
bool resource_version_too_large(const json& status) {
  auto d = status.find("details");
  if (d == status.end() || !d->is_object() || !d->contains("causes") || !(*d)["causes"].is_array()) return false;
  for (const auto& c : (*d)["causes"])
    if (c.is_object() && json_string(c, "reason") == "ResourceVersionTooLarge") return true;
  return false;
}

std::optional<std::chrono::seconds> details_retry_after(const json& status) {
  auto d = status.find("details");
  if (d == status.end() || !d->is_object()) return std::nullopt;
  auto r = d->find("retryAfterSeconds");
  if (r == d->end() || !r->is_number_integer() || r->get<long long>() <= 0) return std::nullopt;
  return std::chrono::seconds(r->get<long long>());
}

}  // namespace

Error error_from_status(const json& status, int http_status, std::optional<std::chrono::seconds> retry_after) {
  if (!status.is_object()) return Error(ErrorCode::Internal, "malformed Status: " + status.dump());
  auto c = status.find("code");
  const int code = c != status.end() && c->is_number_integer() && c->get<int>() != 0 ? c->get<int>() : http_status;
  Error e(classify_status(json_string(status, "reason"), code), json_string(status, "message"));
  if (resource_version_too_large(status)) e.code = ErrorCode::Gone;
  e.reason = json_string(status, "reason");
  e.http_status = code;
  if (e.message.empty()) e.message = "the server responded with HTTP " + std::to_string(code) +
                                     (e.reason.empty() ? "" : " (" + e.reason + ")");
  if (!retry_after) retry_after = details_retry_after(status);
  if (retry_after) e.retry_after = std::chrono::duration_cast<std::chrono::milliseconds>(*retry_after);
  return e;
}

Error error_from_response(const http::Response& resp) {
  auto header_after = http::parse_retry_after(resp.header("retry-after"));
  json body = json::parse(resp.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_object() && json_string(body, "kind") == "Status") return error_from_status(body, resp.status, header_after);
  // Not a Status (a proxy's HTML page, an empty 503): keep a short excerpt.
  Error e(classify_status("", resp.status), "the server responded with HTTP " + std::to_string(resp.status));
  if (!resp.body.empty()) e.message += ": " + resp.body.substr(0, 200);
  e.http_status = resp.status;
  if (header_after) e.retry_after = std::chrono::duration_cast<std::chrono::milliseconds>(*header_after);
  return e;
}

}  // namespace gpupool::kube
