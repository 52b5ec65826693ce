#pragma once
// DIR/manifests/cloudclusters.yaml: for every simulated cloud a Secret with
// the keys the operator reads and a CloudCluster (crds/gpupool.io_cloudclusters.yaml)
// pointing at the simulator, ready for `kubectl apply -f`.
#include <string>
#include <vector>

#include "sim/app/cloud_mount.h"

namespace gpupool::sim::app {

inline constexpr const char* kCloudNamespace = "default";

// Multi-document YAML: Secret, CloudCluster per cloud. `ca_pem` (the CA of
// the cloud servers) becomes spec.caBundle; "" leaves it out.
std::string render_cloud_manifests(const std::vector<CloudManifest>& clouds, const std::string& ca_pem);

}  // namespace gpupool::sim::app
