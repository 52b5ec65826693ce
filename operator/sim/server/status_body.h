#pragma once
// Kubernetes `Status` error bodies (kubernetes-api.md §5) for failures the
// transport itself detects (413, 500, 503) and for the admin API.
#include <string>
#include <string_view>

#include "sim/server/http_types.h"

namespace gpupool::sim {

// {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
//  "message":..,"reason":..,"code":..}
std::string status_body(int code, std::string_view reason, std::string_view message);
HttpResponse status_response(int code, std::string_view reason, std::string_view message);

}  // namespace gpupool::sim
