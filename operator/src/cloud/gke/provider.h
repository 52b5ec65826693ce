#pragma once
// GkeProvider: cloud::NodePoolProvider over the container v1 API.
//  * Pools are identified by name; ownership is read from
//    config.resourceLabels (GCE labels on the pool's instances).
//  * Node counts are per zone on the wire; NodePoolSpec/NodePool counts are
//    totals (per-zone x zones, rounded up when not divisible).
//  * Live size: NodePool has no size field, so desired/current/ready come from
//    the pool's managed instance groups (compute instanceGroupManagers get:
//    targetSize; listManagedInstances: instances, RUNNING = ready).
// Thread-safe; every method blocks for its HTTP round trips only.
#include <functional>
#include <memory>
#include <string>

#include "cloud/provider.h"
#include "cloud/transport.h"
#include "common/clock.h"
#include "common/result.h"

namespace gpupool::cloud::gke {

struct GkeConfig {
  std::string service_account_json;  // the key file's content (secret)
  std::string api_base = "https://container.googleapis.com";  // CloudCluster spec.endpoint overrides
  std::string compute_base = "https://compute.googleapis.com";
  std::string project, location, cluster;  // project defaults to the key's project_id
  std::string ca_pem;                      // trusted roots for all three hosts; empty = system roots
};

// InvalidArgument for an unusable key or config. `clock` must outlive the provider.
Result<std::unique_ptr<NodePoolProvider>> make_gke_provider(const GkeConfig& config, TransportFactory factory,
                                                            Clock& clock);
// Same, with the production cpprest transport.
Result<std::unique_ptr<NodePoolProvider>> make_gke_provider(const GkeConfig& config, Clock& clock);

}  // namespace gpupool::cloud::gke
