#pragma once
// Mounts the simulated clouds' admin endpoints (sim/cloud/admin_routes.h)
// in the admin API next to the Kubernetes ones:
//   GET  /state                 pools, request counters, provisioning time
//   POST /clouds/capacity       {"provider","region","machineType","nodes"}
//   POST /clouds/quota          {"provider","key"|"family"|"machineType","limit"}
//   POST /clouds/faults         {"provider","count","status","code","message","retryAfterSeconds","body"}
//   DELETE /clouds/faults[?provider=P]
//   POST /clouds/provisioning   {"seconds":N}
//   POST /clouds/reset          back to the startup state (provisioning: --provisioning-seconds)
// Errors are converted to the admin API's {"error","code"} shape.
#include "sim/app/admin_api.h"
#include "sim/cloud/world.h"

namespace gpupool::sim::app {

// `world` must outlive the routes; `startup_provisioning` is what /clouds/reset restores.
void add_cloud_admin_routes(AdminApi& admin, cloud::World& world, Clock::duration startup_provisioning);

}  // namespace gpupool::sim::app
