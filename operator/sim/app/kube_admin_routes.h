#pragma once
// Admin routes for the simulated Kubernetes API's test hooks:
//   POST /faults          {"count":N,"status":429,"retryAfterSeconds":2,"pathPrefix":"/apis/gpupool.io"}
//   POST /watches/drop    end every open watch
//   POST /history/compact forget watch history (resume from older RV -> 410)
//   POST /latency         {"ms":N}
//   POST /crds            body: a CustomResourceDefinition, installed and Established
//   GET  /stats           ApiServer stats + {"transport": transport_stats()}
#include <functional>
#include <nlohmann/json.hpp>

#include "sim/app/admin_api.h"
#include "sim/kube/api_server.h"

namespace gpupool::sim::app {

// `api` must outlive the routes. `transport_stats` may be empty.
void add_kube_admin_routes(AdminApi& admin, kube::ApiServer& api, std::function<nlohmann::json()> transport_stats);

}  // namespace gpupool::sim::app
