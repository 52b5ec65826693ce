#include "cloud/oke/errors.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "cloud/errors.h"

namespace gpupool::cloud::oke {

namespace {
using nlohmann::json;

bool contains(std::string_view text, std::string_view needle) {
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

std::string str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// 409s: IncorrectState and Conflict mean another work request holds the
// resource (the SDK retries IncorrectState); a retry-token clash or an
// existing resource is a real conflict.
Error classify_409(const std::string& code, std::string msg) {
  if (code == "InvalidatedRetryToken") return Error(ErrorCode::Conflict, std::move(msg));
  if (code == "NotAuthorizedOrResourceAlreadyExists") return Error(ErrorCode::AlreadyExists, std::move(msg));
  return busy(std::move(msg), code);
}

Error classify(int status, const std::string& code, const std::string& message, std::string msg,
               std::string_view retry_after) {
  if (auto kind = exhausted_kind(code, message); kind && status != 429) return resource_exhausted(*kind, msg, code);
  switch (status) {
    case 401: return Error(ErrorCode::Unauthenticated, std::move(msg));
    case 404: return Error(ErrorCode::NotFound, std::move(msg));
    case 409: return classify_409(code, std::move(msg));
    case 412: return Error(ErrorCode::Conflict, std::move(msg));
    case 429: return rate_limited(std::move(msg), parse_retry_after(retry_after));
    default: break;
  }
  if (status == 400 && code == "RelatedResourceNotAuthorizedOrNotFound")
    return Error(ErrorCode::FailedPrecondition, std::move(msg));
  return Error(code_for_http_status(status), std::move(msg));
}
}  // namespace

std::optional<ExhaustedKind> exhausted_kind(std::string_view code, std::string_view message) {
  if (contains(message, "Out of host capacity") || contains(message, "out of capacity"))
    return ExhaustedKind::Stockout;
  if (code == "LimitExceeded" || code == "QuotaExceeded" || contains(message, "service limit") ||
      contains(message, "LimitExceeded") || contains(message, "QuotaExceeded"))
    return ExhaustedKind::Quota;
  return std::nullopt;
}

Error map_http_error(int status, std::string_view body, std::string_view retry_after, std::string_view request_id) {
  json j = json::parse(body, nullptr, false);
  std::string code = str(j, "code"), message = str(j, "message");
  std::string msg = "OKE answered " + std::to_string(status) + (code.empty() ? "" : " " + code) + ": " +
                    (message.empty() ? body_excerpt(body) : message);
  if (!request_id.empty()) msg += " (opc-request-id " + std::string(request_id) + ")";
  Error e = classify(status, code, message, std::move(msg), retry_after);
  e.http_status = status;
  if (e.reason.empty()) e.reason = code;
  return e;
}

Error map_work_request_failure(const json& wr, const json& errors) {
  std::string code, text;
  if (errors.is_array())
    for (const auto& e : errors) {
      if (code.empty()) code = str(e, "code");
      text += (text.empty() ? "" : "; ") + str(e, "message");
    }
  std::string status = str(wr, "status");
  std::string msg = "OKE work request " + str(wr, "id") + " (" + str(wr, "operationType") + ") " + status +
                    (text.empty() ? "" : ": " + text);
  if (auto kind = exhausted_kind(code, text)) return resource_exhausted(*kind, msg, code);
  Error e(status == "CANCELED" ? ErrorCode::Unavailable : ErrorCode::Internal, msg);
  e.reason = code;
  return e;
}

std::optional<Error> map_node_error(const json& ne) {
  if (!ne.is_object() || ne.empty()) return std::nullopt;
  std::string code = str(ne, "code"), message = str(ne, "message");
  std::string msg = "OKE node error " + code + ": " + message;
  if (auto kind = exhausted_kind(code, message)) return resource_exhausted(*kind, msg, code);
  Error e(ErrorCode::Internal, msg);
  e.reason = code;
  return e;
}

}  // namespace gpupool::cloud::oke
