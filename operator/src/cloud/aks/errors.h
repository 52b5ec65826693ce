#pragma once
// The one place AKS/ARM wire errors become our Error codes (cloud-apis.md
// §2.5). Two body shapes exist and both are read: ARM's wrapped
// {"error":{code,message,details[]}} and the AKS resource provider's bare
// {code,message,details,subcode}. Classification is by (HTTP status, code,
// message text), because one code (OperationNotAllowed) means both "busy,
// retry" and "quota exceeded, fail over".
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error.h"

namespace gpupool::cloud::aks {

// An ARM error object's code and message plus the codes/messages of its
// nested details (stockouts often hide there).
struct ArmError {
  std::string code, message;
  std::string detail_codes, detail_text;  // space-joined
};

// Reads either shape; empty fields when the body is neither.
ArmError parse_arm_error(std::string_view body);
ArmError parse_error_object(const nlohmann::json& error);

// A non-2xx answer: status + body (+ Retry-After header value, may be "").
Error map_http_error(int status, std::string_view body, std::string_view retry_after = "");

// The `error` of a Failed/Canceled async operation, or a pool's
// status.provisioningError. `status` is the operation's status word.
Error map_async_error(const ArmError& e, std::string_view status = "Failed");

}  // namespace gpupool::cloud::aks
