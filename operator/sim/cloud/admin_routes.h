#pragma once
// Admin endpoints for the simulated clouds, mounted by the simulator's admin
// API (sim/app/admin_api.*). Bodies are JSON; errors use the Kubernetes Status
// shape like the rest of the admin API.
//
//   POST /clouds/capacity     {"provider":"GKE","region":"us-central1","machineType":"a3-highgpu-8g","nodes":0}
//                             ("nodes" absent or null: unlimited again)
//   POST /clouds/quota        {"provider":"GKE","key":"NVIDIA_H100_GPUS","limit":8}
//                             ("family" or "machineType" are accepted in place of "key")
//   POST /clouds/faults       {"provider":"GKE","count":3,"status":429,"code":"RESOURCE_EXHAUSTED",
//                              "message":"...","retryAfterSeconds":1,"body":"<raw body>"}
//   DELETE /clouds/faults[?provider=GKE]
//   POST /clouds/provisioning {"seconds":2}
//   POST /clouds/reset        capacity, quota, faults, counters (peaks, writes), provisioning back to defaults
//   GET  /state               {"pools":[...], "requests":[{"provider","identity","count","maxPerSecond"}],
//                              "writes":{"GKE":{"POST":n,"PUT":n,"PATCH":n,"DELETE":n},"AKS":{...},...},
//                              "faults":[{"provider","remaining","status"}], "provisioningSeconds":2}
//                             (pools carry "autoscaling" and "minNodes"/"maxNodes", null when not
//                             autoscaled; maxPerSecond: most requests in any 1 s window; writes:
//                             mutating API calls, token endpoints excluded; faults: armed, not yet consumed)
//
// Provider names are matched case-insensitively ("gke" == "GKE").
// Thread-safe (World is).
#include <string>

#include "sim/cloud/world.h"
#include "sim/server/http_types.h"

namespace gpupool::sim::cloud {

// True for paths this module serves (/clouds/..., /state).
bool is_admin_path(const std::string& path);

// Serves one admin request; 404 for paths that are not ours, 400 for bad bodies.
HttpResponse handle_admin(World& world, const HttpRequest& req);

// Canonical provider name ("GKE", "AKS", "OKE", "CoreWeave") or "" if unknown.
std::string canonical_provider(const std::string& name);

}  // namespace gpupool::sim::cloud
