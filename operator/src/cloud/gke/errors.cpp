#include "cloud/gke/errors.h"

#include <algorithm>
#include <cctype>

#include "cloud/errors.h"

namespace gpupool::cloud::gke {

namespace {
using nlohmann::json;

bool contains(std::string_view text, std::string_view needle) {
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                    std::tolower(static_cast<unsigned char>(b)); });
  return it != text.end();
}

struct GoogleError {
  int code = 0;
  std::string status, message, reason;
};

GoogleError parse_google_error(std::string_view body) {
  GoogleError g;
  json j = json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("error") || !j["error"].is_object()) return g;
  const json& e = j["error"];
  if (e.contains("code") && e["code"].is_number()) g.code = e["code"].get<int>();
  if (e.contains("status") && e["status"].is_string()) g.status = e["status"].get<std::string>();
  if (e.contains("message") && e["message"].is_string()) g.message = e["message"].get<std::string>();
  if (e.contains("errors") && e["errors"].is_array() && !e["errors"].empty() && e["errors"][0].is_object())
    g.reason = e["errors"][0].value("reason", std::string());
  return g;
}

// google.rpc.Code numbers as found in Operation.error.code.
ErrorCode code_for_rpc(int rpc) {
  switch (rpc) {
    case 3: return ErrorCode::InvalidArgument;
    case 4: return ErrorCode::Timeout;
    case 5: return ErrorCode::NotFound;
    case 6: return ErrorCode::AlreadyExists;
    case 7: return ErrorCode::PermissionDenied;
    case 8: return ErrorCode::ResourceExhausted;
    case 9: return ErrorCode::FailedPrecondition;
    case 10: return ErrorCode::Conflict;
    case 14: return ErrorCode::Unavailable;
    case 16: return ErrorCode::Unauthenticated;
    default: return ErrorCode::Internal;
  }
}

Error classify_400(const GoogleError& g, std::string msg) {
  // Another operation holds the cluster: Terraform retries exactly this case.
  if (g.status == "FAILED_PRECONDITION" || g.reason == "failedPrecondition" ||
      contains(g.message, "incompatible operation") || contains(g.message, "locked by another operation") ||
      contains(g.message, "currently being created, deleted, updated or repaired"))
    return busy(std::move(msg), g.reason.empty() ? g.status : g.reason);
  return Error(ErrorCode::InvalidArgument, std::move(msg));
}
}  // namespace

std::optional<ExhaustedKind> exhausted_kind(std::string_view text) {
  if (contains(text, "GCE_STOCKOUT") || contains(text, "ZONE_RESOURCE_POOL_EXHAUSTED") ||
      contains(text, "does not have enough resources available"))
    return ExhaustedKind::Stockout;
  if (contains(text, "QUOTA_EXCEEDED") || contains(text, "insufficient regional quota") ||
      (contains(text, "quota '") && contains(text, "exceeded")))
    return ExhaustedKind::Quota;
  return std::nullopt;
}

Error map_http_error(int status, std::string_view body, std::string_view retry_after) {
  GoogleError g = parse_google_error(body);
  std::string msg = "GKE answered " + std::to_string(status) + (g.status.empty() ? "" : " " + g.status) + ": " +
                    (g.message.empty() ? body_excerpt(body) : g.message);
  Error e;
  if (auto kind = exhausted_kind(g.message); kind && status != 429) {
    e = resource_exhausted(*kind, msg, g.status);  // e.g. 403 "Insufficient regional quota"
  } else if (status == 400) {
    e = classify_400(g, msg);
  } else if (status == 409) {
    e = Error(ErrorCode::AlreadyExists, msg);
  } else if (status == 429) {
    e = rate_limited(msg, parse_retry_after(retry_after));
  } else {
    e = Error(code_for_http_status(status), msg);
  }
  e.http_status = status;
  if (e.reason.empty()) e.reason = g.status.empty() ? g.reason : g.status;
  return e;
}

std::optional<Error> map_operation_error(const json& op) {
  std::string text;
  int rpc = 0;
  if (op.contains("error") && op["error"].is_object()) {
    text = op["error"].value("message", std::string());
    if (op["error"].contains("code") && op["error"]["code"].is_number()) rpc = op["error"]["code"].get<int>();
  }
  std::string status_message = op.value("statusMessage", std::string());
  if (text.empty()) text = status_message;
  // Condition codes (GCE_STOCKOUT, GCE_QUOTA_EXCEEDED) can say more than the text.
  std::string codes;
  for (const char* key : {"nodepoolConditions", "clusterConditions"})
    if (op.contains(key) && op[key].is_array())
      for (const auto& c : op[key])
        if (c.is_object() && c.contains("code") && c["code"].is_string()) codes += c["code"].get<std::string>() + " ";
  if (text.empty() && rpc == 0 && codes.empty()) return std::nullopt;
  std::string msg = "GKE operation " + op.value("name", std::string()) + " failed: " + text;
  if (auto kind = exhausted_kind(codes + text)) return resource_exhausted(*kind, msg, codes.empty() ? "" : codes.substr(0, codes.find(' ')));
  Error e(rpc ? code_for_rpc(rpc) : ErrorCode::Internal, msg);
  if (e.code == ErrorCode::ResourceExhausted) e.exhausted = ExhaustedKind::Quota;
  return e;
}

}  // namespace gpupool::cloud::gke
