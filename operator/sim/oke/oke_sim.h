#pragma once
// The simulated Oracle Container Engine for Kubernetes (API 20180222): an
// HttpHandler for
//   POST   /20180222/nodePools                    202 + opc-work-request-id
//   GET    /20180222/nodePools?compartmentId=&clusterId=&name=&lifecycleState=&limit=&page=
//   GET    /20180222/nodePools/{id}               NodePool + etag
//   PUT    /20180222/nodePools/{id}               UpdateNodePoolDetails (if-match)
//   DELETE /20180222/nodePools/{id}               (if-match)
//   GET    /20180222/workRequests/{id}[/errors]
//   GET    /20160918/availabilityDomains?compartmentId=   (Identity API, same server)
// following cloud-apis.md §3 and wire-samples/oke.md: every request's OCI
// signature is verified (verifier.h); work requests go ACCEPTED ->
// IN_PROGRESS -> SUCCEEDED/FAILED over the world's provisioning time; one
// running work request per cluster (or per pool) at a time, else 409
// IncorrectState; capacity from the World (0 -> the work request FAILS with
// "Out of host capacity." and nodes carry nodeError); quota from the World
// (synchronous 400 LimitExceeded); etags and 412 NoEtagMatch; opc-retry-token
// replay; bare-array lists paged by opc-next-page; World faults answered in
// OCI's error format. Deleted pools stay readable as DELETED for a while.
// Time comes from the World's clock; state advances lazily on each request.
// Thread-safe (one lock per simulator).
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "sim/cloud/world.h"
#include "sim/oke/api_key.h"
#include "sim/server/http_types.h"

namespace gpupool::sim::oke {

struct OkeSimOptions {
  std::string region = "us-ashburn-1";
  std::string compartment_id = "ocid1.compartment.oc1..aaaaaaaagpupoolsimcompartment0000000000000000000000000";
  std::string cluster_id = "ocid1.cluster.oc1.iad.aaaaaaaagpupoolsimcluster00000000000000000000000000000";
  std::vector<std::string> availability_domains = {"Uocm:US-ASHBURN-AD-1", "Uocm:US-ASHBURN-AD-2",
                                                    "Uocm:US-ASHBURN-AD-3"};
  std::vector<std::string> subnet_ids = {"ocid1.subnet.oc1.iad.aaaaaaaagpupoolsimsubnet0000000000000000000000000000000"};
  std::string image_id = "ocid1.image.oc1.iad.aaaaaaaagpupoolsimgpuimage00000000000000000000000000000";
  std::string kubernetes_version = "v1.30.1";
  std::chrono::seconds max_clock_skew{300};
  int page_size = 20;                      // default list page (limit overrides)
  bool exclusive_cluster_ops = true;       // a running work request blocks every pool of the cluster
  bool stockout_needs_attention = true;    // failed create/resize: NEEDS_ATTENTION (false: ACTIVE, fewer nodes)
  std::chrono::seconds deleted_retention{300};  // DELETED pools stay GET-able this long
};

class OkeSim {
 public:
  explicit OkeSim(cloud::World& world, OkeSimOptions options = {});
  ~OkeSim();
  OkeSim(const OkeSim&) = delete;
  OkeSim& operator=(const OkeSim&) = delete;

  HttpResponse handle(const HttpRequest& req);
  // A handler bound to this simulator (which must outlive it).
  HttpHandler handler();

  // The API key the simulator accepts (generated at construction).
  ApiKey api_key() const;
  // Accept another key under `key_id` (test vectors, a second user).
  void register_key(const std::string& key_id, const std::string& public_key_pem);
  void revoke_key(const std::string& key_id);
  const OkeSimOptions& options() const { return opts_; }

  // {"compartmentId","clusterId","subnetIds","imageId","availabilityDomains","region","endpoint"}.
  std::string cluster_json(const std::string& base_url) const;
  // Writes DIR/oke/config (OCI SDK config, profile DEFAULT, key_file =
  // DIR/oke/oci_api_key.pem), the key (0600) and DIR/oke/cluster.json.
  // Throws std::runtime_error on I/O failure.
  void write_files(const std::string& dir, const std::string& base_url) const;

  struct Impl;  // internal state (sim_impl.h), shared by the simulator's .cpp files

 private:
  OkeSimOptions opts_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpupool::sim::oke
