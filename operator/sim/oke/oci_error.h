#pragma once
// OCI error answers: {"code": "...", "message": "..."} with an
// opc-request-id header (cloud-apis.md §3.5).
#include <string>

#include "sim/server/http_types.h"

namespace gpupool::sim::oke {

HttpResponse oci_error(int status, const std::string& code, const std::string& message);
// 401 NotAuthenticated with the service's fixed text.
HttpResponse not_authenticated();
// 404 NotAuthorizedOrNotFound for a resource path.
HttpResponse not_found(const std::string& what);
// An opc-request-id like the service's (three 32-hex groups).
std::string request_id();
// `bytes` random bytes as lowercase hex.
std::string random_hex(int bytes);

}  // namespace gpupool::sim::oke
