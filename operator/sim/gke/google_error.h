#pragma once
// Google API error answers as the real services send them (cloud-apis.md
// §1.5, wire-samples/gke.md): {"error":{"code","message","errors":[{message,
// domain:"global",reason}],"status"}}, and the OAuth token endpoint's
// {"error","error_description"}.
#include <string>

#include "sim/server/http_types.h"

namespace gpupool::sim::gke {

// status: "NOT_FOUND"...; reason: the legacy errors[].reason ("notFound").
HttpResponse google_error(int http, const std::string& status, const std::string& reason, const std::string& message);

HttpResponse not_found(const std::string& resource);           // "Not found: <resource>."
HttpResponse already_exists(const std::string& resource);      // 409
HttpResponse invalid_argument(const std::string& message);     // 400 INVALID_ARGUMENT / badRequest
HttpResponse unauthenticated();                                // 401 + WWW-Authenticate
HttpResponse oauth_error(int http, const std::string& error, const std::string& description);

}  // namespace gpupool::sim::gke
