#pragma once
// The one place OKE's wire errors become our Error codes (cloud-apis.md §3.5):
// HTTP answers with OCI's {"code","message"} body, failed work requests and
// per-node nodeError objects.
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace gpupool::cloud::oke {

// A non-2xx answer: status + body (+ retry-after and opc-request-id header values, may be "").
Error map_http_error(int status, std::string_view body, std::string_view retry_after = "",
                     std::string_view request_id = "");

// A FAILED/CANCELED work request and its /errors array.
Error map_work_request_failure(const nlohmann::json& work_request, const nlohmann::json& errors);

// A node's nodeError {code, message, status}; nullopt for null/absent.
std::optional<Error> map_node_error(const nlohmann::json& node_error);

// Stockout ("Out of host capacity") or quota (LimitExceeded, QuotaExceeded)
// named in a code or message; nullopt when neither.
std::optional<ExhaustedKind> exhausted_kind(std::string_view code, std::string_view message);

}  // namespace gpupool::cloud::oke
