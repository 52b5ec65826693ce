#pragma once
// The one place GKE's wire errors become our Error codes (cloud-apis.md §1.5):
// HTTP answers with Google's JSON error body, and failed Operations.
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace gpupool::cloud::gke {

// A non-2xx answer: status + body (+ Retry-After header value, may be "").
Error map_http_error(int status, std::string_view body, std::string_view retry_after = "");

// A DONE Operation carrying `error` and/or `statusMessage`; nullopt when it succeeded.
std::optional<Error> map_operation_error(const nlohmann::json& operation);

// Classifies a failure text by the codes GKE/GCE put in it (stockout, quota).
// Returns nullopt when the text says neither.
std::optional<ExhaustedKind> exhausted_kind(std::string_view text);

}  // namespace gpupool::cloud::gke
