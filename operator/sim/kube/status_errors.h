#pragma once
// Kubernetes Status error bodies (kubernetes-api.md §5) with the exact
// messages kube-apiserver produces. Inside the kube simulator a failed
// request throws ApiError; ApiServer::handle turns it into a response at one
// boundary, so deep helpers need no error plumbing.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/server/http_types.h"

namespace gpupool::sim::kube {

struct ApiError {
  int code = 500;
  std::string reason;   // "NotFound", "Conflict", ... (may be empty)
  std::string message;
  nlohmann::json details;  // null or object
  int retry_after_seconds = 0;
  nlohmann::json status_metadata = nlohmann::json::object();  // Status.metadata (continue)

  nlohmann::json to_json() const;
};

// Who the error is about: resource plural ("gpupools"), group, name.
struct Target {
  std::string resource;
  std::string group;
  std::string name;
};

std::string qualified_resource(const Target& t);  // "gpupools.gpupool.io" or "secrets"

ApiError not_found(const Target& t);
ApiError path_not_found();  // "the server could not find the requested resource"
ApiError already_exists(const Target& t);
ApiError conflict(const Target& t, const std::string& why);
ApiError optimistic_lock_conflict(const Target& t);
// 422; `kind` is the Kind (or resource name for metadata.resourceVersion), causes
// as {reason,message,field}.
ApiError invalid(const std::string& kind, const std::string& group, const std::string& name,
                 const nlohmann::json& causes);
ApiError invalid_field(const std::string& kind, const std::string& group, const std::string& name,
                       const std::string& field, const std::string& reason, const std::string& message);
ApiError bad_request(const std::string& message);
ApiError method_not_allowed(const std::string& verb, const std::string& resource);
ApiError unsupported_media_type(const std::string& message);
ApiError expired(const std::string& message);
ApiError internal_error(const std::string& message);
ApiError forbidden(const std::string& message);
ApiError unauthorized();
// Generic failure by HTTP code with the conventional reason (fault injection).
ApiError from_code(int code, const std::string& message, int retry_after_seconds);

HttpResponse error_response(const ApiError& e);
// 200 Success Status (delete of an object without finalizers).
nlohmann::json success_status(const Target& t, const std::string& uid);

}  // namespace gpupool::sim::kube
