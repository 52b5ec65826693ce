#pragma once
// CoreWeave CKS node pools as a cloud::NodePoolProvider. Node pools are
// compute.coreweave.com/v1alpha1 NodePool objects (cluster-scoped) on the CKS
// cluster's own Kubernetes API (cloud-apis.md §4), reached with kube::RestClient
// and CoreWeave's managed auth: the `CW-SECRET-...` token (Secret key `token`)
// as a static bearer token.
//  * list/get read NodePools; ownership comes from metadata.labels.
//  * create POSTs a NodePool; resize merge-patches spec.targetNodes;
//    set_autoscaling merge-patches autoscaling/minNodes/maxNodes; remove
//    DELETEs (already gone = done). GB200/GB300 rack types are sized in whole
//    racks of 18 nodes: counts round UP (instance_types.h).
//  * instanceType is immutable: resize sends the caller's machine_type along,
//    so asking to change it is refused by CKS (InvalidArgument); the
//    reconciler replaces the pool.
//  * set_autoscaling is done once CKS accepts the patch (the autoscaler owns
//    the count afterwards).
//  * poll() reads the NodePool (progress.h): done at currentNodes == target,
//    or once gone for deletes; quota fails at once, a capacity stall fails
//    with ResourceExhausted/Stockout after `provisioning_timeout`.
// Thread-safe; every method blocks for its HTTP round trips only.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "cloud/provider.h"
#include "cloud/transport.h"
#include "common/clock.h"
#include "common/result.h"

namespace gpupool::cloud::coreweave {

struct CoreweaveConfig {
  std::string api_server;  // CloudCluster spec.coreweave.apiServer ("https://<id>.k8s.<zone>.coreweave.com")
  std::string token;       // the Secret's `token`: "CW-SECRET-..." (secret)
  std::string ca_pem;      // optional trusted roots; empty = system roots (CKS uses public certificates)
  // How long a pool may stay below target while CKS reports missing capacity
  // before the operation fails as a stockout (bare metal boots in 20-30 min).
  std::chrono::milliseconds provisioning_timeout = std::chrono::minutes(40);
};

// InvalidArgument for a missing api_server or token, or an unusable CA.
// `clock` must outlive the provider.
Result<std::unique_ptr<NodePoolProvider>> make_coreweave_provider(const CoreweaveConfig& config,
                                                                  TransportFactory factory, Clock& clock);
// Same, with the production cpprest transport.
Result<std::unique_ptr<NodePoolProvider>> make_coreweave_provider(const CoreweaveConfig& config, Clock& clock);

}  // namespace gpupool::cloud::coreweave
