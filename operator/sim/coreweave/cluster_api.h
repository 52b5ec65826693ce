#pragma once
// The CKS cluster API (cloud-apis.md §4.1), read-only: GET /v1beta1/cks/clusters
// lists the one simulated cluster, GET /v1beta1/cks/clusters/{id} reads it
// (apiServerEndpoint = where this simulator is served). Errors use a
// Connect-style body {"code":"not_found","message":...} (exact REST shape
// unverified). Pure; thread-safe.
#include <string>

#include "sim/server/http_types.h"

namespace gpupool::sim::coreweave {

bool is_cluster_api_path(const std::string& path);

HttpResponse cluster_api(const HttpRequest& req, bool authenticated, const std::string& cluster_id,
                         const std::string& zone, const std::string& api_server);

}  // namespace gpupool::sim::coreweave
