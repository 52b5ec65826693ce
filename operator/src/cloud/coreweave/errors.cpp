#include "cloud/coreweave/errors.h"

#include <algorithm>
#include <cctype>

#include "cloud/errors.h"
#include "http/transport.h"
#include "kube/rest_client_errors.h"

namespace gpupool::cloud::coreweave {

namespace {
bool contains(std::string_view text, std::string_view needle) {
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

Error with_origin(Error out, const Error& in) {
  out.http_status = in.http_status;
  out.reason = in.reason;
  if (!out.retry_after) out.retry_after = in.retry_after;
  return out;
}

Error map_forbidden(const Error& e) {
  const std::string& m = e.message;
  if (contains(m, "admission webhook") || contains(m, "denied the request")) {
    if (contains(m, "quota")) return resource_exhausted(ExhaustedKind::Quota, "CoreWeave refused the node pool: " + m);
    return Error(ErrorCode::InvalidArgument, "CoreWeave refused the node pool: " + m);
  }
  // RBAC denials name the user; an unrecognised token is "system:anonymous".
  if (contains(m, "User \"") && !contains(m, "system:anonymous"))
    return Error(ErrorCode::PermissionDenied,
                 "the CoreWeave API token lacks permission on node pools (needs the CKS Admin role): " + m);
  return Error(ErrorCode::Unauthenticated,
               "CoreWeave rejected the API token (CKS answers 403 for a missing, expired or revoked CW-SECRET "
               "token; check the CloudCluster's credentials Secret): " + m);
}

Error map_status(const Error& e) {
  const int s = e.http_status;
  if (s == 403) return map_forbidden(e);
  if (s == 401) return Error(ErrorCode::Unauthenticated, "CoreWeave rejected the API token: " + e.message);
  if (s == 404) return Error(ErrorCode::NotFound, e.message);
  if (s == 409) return Error(e.reason == "AlreadyExists" ? ErrorCode::AlreadyExists : ErrorCode::Conflict, e.message);
  if (s == 400 || s == 422) {
    if (contains(e.message, "quota")) return resource_exhausted(ExhaustedKind::Quota, e.message);
    return Error(ErrorCode::InvalidArgument, e.message);
  }
  if (s == 429) return rate_limited(e.message, e.retry_after);
  return Error(code_for_http_status(s), e.message);
}
}  // namespace

Error map_api_error(const Error& e) {
  if (e.http_status == 0) return e;  // no HTTP answer: network, TLS, undecodable body
  return with_origin(map_status(e), e);
}

Error map_http_error(int status, std::string_view body, std::string_view retry_after) {
  http::Response r;
  r.status = status;
  r.body = std::string(body);
  if (!retry_after.empty()) r.headers["retry-after"] = std::string(retry_after);
  return map_api_error(kube::error_from_response(r));
}

std::optional<ExhaustedKind> exhausted_kind(std::string_view reason, std::string_view message) {
  for (std::string_view text : {reason, message}) {
    if (contains(text, "quota")) return ExhaustedKind::Quota;
  }
  for (std::string_view text : {reason, message}) {
    if (contains(text, "capacity") || contains(text, "stockout") || contains(text, "out of stock"))
      return ExhaustedKind::Stockout;
  }
  return std::nullopt;
}

Error condition_error(ExhaustedKind kind, const std::string& pool, const std::string& reason,
                      const std::string& message) {
  const char* what = kind == ExhaustedKind::Quota ? "is over quota" : "is short of capacity";
  return resource_exhausted(kind, "CoreWeave node pool " + pool + " " + what + ": " + reason + ": " + message, reason);
}

}  // namespace gpupool::cloud::coreweave
