#include "cloud/aks/errors.h"

#include <algorithm>
#include <cctype>

#include "cloud/errors.h"

namespace gpupool::cloud::aks {

namespace {
using nlohmann::json;

bool contains(std::string_view text, std::string_view needle) {
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

std::string str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// Capacity codes from AKS troubleshooting and the allocation failures users hit.
bool stockout_code(std::string_view codes) {
  for (const char* c : {"AllocationFailed", "ZonalAllocationFailed", "OverconstrainedAllocationRequest",
                        "OverconstrainedZonalAllocationRequest", "SkuNotAvailable"})
    if (contains(codes, c)) return true;
  return false;
}

bool quota_text(std::string_view codes, std::string_view text) {
  return contains(codes, "ErrCode_InsufficientVCPUQuota") || contains(codes, "QuotaExceeded") ||
         contains(text, "insufficient vcpu quota") || (contains(text, "exceeding approved") && contains(text, "quota"));
}

// "Another operation (Updating) is in progress" / "Another agentpool operation (... - Creating) is in progress".
bool busy_text(std::string_view text) {
  return contains(text, "is in progress") || contains(text, "another operation") ||
         contains(text, "aka.ms/aks-pending-operation");
}

std::optional<Error> classify_exhausted(const ArmError& e, const std::string& msg) {
  std::string codes = e.code + " " + e.detail_codes;
  std::string text = e.message + " " + e.detail_text;
  if (stockout_code(codes)) {
    std::string reason = e.code;
    for (const char* c : {"ZonalAllocationFailed", "OverconstrainedZonalAllocationRequest",
                          "OverconstrainedAllocationRequest", "AllocationFailed", "SkuNotAvailable"})
      if (!stockout_code(e.code) && contains(e.detail_codes, c)) { reason = c; break; }
    return resource_exhausted(ExhaustedKind::Stockout, msg, reason);
  }
  if (quota_text(codes, text)) return resource_exhausted(ExhaustedKind::Quota, msg, e.code);
  return std::nullopt;
}
}  // namespace

ArmError parse_error_object(const json& err) {
  ArmError a;
  if (!err.is_object()) return a;
  a.code = str(err, "code");
  a.message = str(err, "message");
  if (err.contains("details") && err["details"].is_array())
    for (const auto& d : err["details"]) {
      ArmError inner = parse_error_object(d);  // details nest the same shape
      a.detail_codes += inner.code + " " + inner.detail_codes;
      a.detail_text += inner.message + " " + inner.detail_text;
    }
  return a;
}

ArmError parse_arm_error(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return {};
  if (j.contains("error") && j["error"].is_object()) return parse_error_object(j["error"]);
  return parse_error_object(j);  // the AKS RP's unwrapped shape
}

Error map_http_error(int status, std::string_view body, std::string_view retry_after) {
  ArmError a = parse_arm_error(body);
  std::string msg = "AKS answered " + std::to_string(status) + (a.code.empty() ? "" : " " + a.code) + ": " +
                    (a.message.empty() ? body_excerpt(body) : a.message);
  Error e;
  if (status == 429) {
    e = rate_limited(msg, parse_retry_after(retry_after));
  } else if (auto ex = classify_exhausted(a, msg)) {
    e = *ex;
  } else if (status == 409 && (a.code == "OperationNotAllowed" || busy_text(a.message))) {
    e = busy_text(a.message) ? busy(msg, a.code) : Error(ErrorCode::FailedPrecondition, msg);
  } else if (status == 412) {
    e = Error(ErrorCode::Conflict, msg);  // stale eTag: re-read and redo
  } else {
    e = Error(code_for_http_status(status), msg);
  }
  e.http_status = status;
  if (e.reason.empty()) e.reason = a.code;
  return e;
}

Error map_async_error(const ArmError& a, std::string_view status) {
  std::string msg = "AKS operation " + std::string(status) + (a.code.empty() ? "" : ": " + a.code) +
                    (a.message.empty() ? "" : ": " + a.message);
  if (auto ex = classify_exhausted(a, msg)) return *ex;
  Error e(ErrorCode::Internal, msg);
  // "The operation was overriden and canceled by a later operation": re-read and redo.
  if (contains(status, "cancel")) e.code = ErrorCode::Conflict;
  else if (busy_text(a.message)) e.code = ErrorCode::Busy;
  else if (a.code == "InvalidParameter" || a.code == "BadRequest") e.code = ErrorCode::InvalidArgument;
  e.reason = a.code;
  return e;
}

}  // namespace gpupool::cloud::aks
