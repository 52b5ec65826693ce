#pragma once
// Error answers as Azure sends them (cloud-apis.md §2.2, §2.5, wire-samples/aks.md):
//  * ARM front door (auth, throttling, api-version, tags, missing parents):
//    {"error":{"code","message"}}
//  * AKS resource provider (busy, quota, validation, missing pool): bare
//    {"code","details":null,"message","subcode"}
//  * Entra ID token endpoint: {"error","error_description","error_codes",...}
#include <string>

#include "sim/server/http_types.h"

namespace gpupool::sim::aks {

HttpResponse arm_error(int status, const std::string& code, const std::string& message);
HttpResponse rp_error(int status, const std::string& code, const std::string& message, const std::string& subcode = "");
// `aadsts` is the numeric code ("7000215"); the description starts "AADSTS<n>: ".
HttpResponse aad_error(int status, const std::string& error, const std::string& aadsts, const std::string& text);

}  // namespace gpupool::sim::aks
