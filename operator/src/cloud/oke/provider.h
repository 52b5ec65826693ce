#pragma once
// OkeProvider: cloud::NodePoolProvider over Oracle Container Engine for
// Kubernetes (API 20180222), every request signed with the OCI API key.
//  * Pools are identified by OCID; names are not unique, so ownership comes
//    from freeformTags (ownership.h) and get() also takes a name.
//  * Mutations return the work request id; poll() reads it and, on failure,
//    its /errors ("Out of host capacity." -> ResourceExhausted/Stockout).
//  * Creates send an opc-retry-token derived from the owner and the request
//    body, so a resent create never makes a second pool.
//  * Taints and autoscaling are not in OKE's node-pool API: InvalidArgument.
//  * A spec without zones is placed in every AD of the tenancy (Identity
//    ListAvailabilityDomains, read once and cached).
//  * Live counts come from the pool's nodes[] (ACTIVE, no nodeError = ready).
// Thread-safe; every method blocks for its HTTP round trips only.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cloud/provider.h"
#include "cloud/transport.h"
#include "common/clock.h"
#include "common/result.h"

namespace gpupool::cloud::oke {

struct OkeConfig {
  // API key (Secret keys tenancy, user, fingerprint, privateKey, passphrase).
  std::string tenancy, user, fingerprint, private_key_pem, passphrase;
  std::string region;    // "us-ashburn-1": picks the default endpoint
  std::string endpoint;  // CloudCluster spec.endpoint; "" = https://containerengine.{region}.oci.oraclecloud.com
  std::string compartment_id, cluster_id;
  std::vector<std::string> subnet_ids;  // one for all ADs, or one per AD of a spec (by index)
  std::string image_id;                 // node image (GPU OKE image); optional
  std::string ca_pem;                   // trusted roots; empty = system roots
};

// InvalidArgument for an unusable key or config. `clock` must outlive the
// provider. `factory` builds the bare wire transport: the provider signs each
// request under its own Retry-After layer.
Result<std::unique_ptr<NodePoolProvider>> make_oke_provider(const OkeConfig& config, TransportFactory factory,
                                                            Clock& clock);
// Same, over the production cpprest wire transport (no retry layer of its own).
Result<std::unique_ptr<NodePoolProvider>> make_oke_provider(const OkeConfig& config, Clock& clock);

// The endpoint a config talks to (override, else the regional default).
std::string endpoint_for(const OkeConfig& config);

// Where ListAvailabilityDomains goes (for specs without zones). No config
// field of its own: like GKE's one override for its two APIs, spec.endpoint
// covers both OCI services, whose paths cannot collide (/20180222 vs
// /20160918), which is what gpupool-sim serves. Derived, in order:
//  * no override: https://identity.{region}.oci.oraclecloud.com;
//  * an override on a containerengine.* host (another realm, e.g.
//    oraclegovcloud.com): the same URL with the host's first label "identity";
//  * any other override (a simulator, a proxy): that same URL.
std::string identity_endpoint_for(const OkeConfig& config);

}  // namespace gpupool::cloud::oke
