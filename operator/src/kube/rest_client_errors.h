#pragma once
// Maps API server answers to Error (§5 of the API reference). The Status
// `reason` decides first; `code` is the fallback when the reason is empty or
// unknown (apimachinery's errors.go does the same), so a 409 AlreadyExists is
// never a Conflict. Retry-After comes from the header, else from
// details.retryAfterSeconds.
#include <chrono>
#include <optional>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "http/transport.h"

namespace gpupool::kube {

ErrorCode classify_status(const std::string& reason, int code);

// From a decoded Status object (a watch ERROR event or an error body).
// `http_status` is used when the Status has no code.
Error error_from_status(const nlohmann::json& status, int http_status,
                        std::optional<std::chrono::seconds> retry_after = std::nullopt);

// From a non-2xx response; tolerates bodies that are not a Status.
Error error_from_response(const http::Response& resp);

}  // namespace gpupool::kube
