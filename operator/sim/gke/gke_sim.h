#pragma once
// The simulated Google Kubernetes Engine: an HttpHandler for
//   POST /token                                  OAuth2 JWT-bearer exchange
//   /v1/projects/{p}/locations/{l}/clusters/{c}[/nodePools[/{np}[:setSize|:setAutoscaling]]]
//   GET /v1/projects/{p}/locations/{l}/operations/{op}
//   GET  /compute/v1/projects/{p}/zones/{z}/instanceGroupManagers/{igm}
//   POST /compute/v1/projects/{p}/zones/{z}/instanceGroupManagers/{igm}/listManagedInstances
// following cloud-apis.md §1 and wire-samples/gke.md: RS256 assertions checked
// against the service account's public key (aud = our token URL or Google's),
// exchanged or self-signed JWT bearers, expiring tokens, Operations
// PENDING -> RUNNING -> DONE over the world's provisioning time, busy-cluster
// FAILED_PRECONDITION, 429 beyond the concurrent-ops quota, stockouts and quota
// from the shared World, per-zone node counts, Google error bodies, and int
// enums for `$alt=json;enum-encoding=int` clients. Time comes from the
// World's clock; state advances lazily on each request.
// Thread-safe (one lock per simulator).
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "sim/cloud/world.h"
#include "sim/server/http_types.h"

namespace gpupool::sim::gke {

inline constexpr const char* kGoogleTokenUrl = "https://oauth2.googleapis.com/token";

struct GkeSimOptions {
  std::string project = "gpupool-test";
  std::string location = "us-central1";     // region (regional cluster) or zone
  std::string cluster = "gpu-cluster";
  std::vector<std::string> zones = {"us-central1-a"};  // the cluster's default node locations
  std::string base_url;                     // "https://127.0.0.1:PORT"; settable later
  std::chrono::seconds token_lifetime{3600};
  std::chrono::seconds max_clock_skew{300};
  bool exclusive_cluster_ops = true;        // any running op blocks other mutations (400)
  int max_concurrent_ops = 5;               // beyond this: 429 (when not exclusive)
};

class GkeSim {
 public:
  explicit GkeSim(cloud::World& world, GkeSimOptions options = {});
  ~GkeSim();
  GkeSim(const GkeSim&) = delete;
  GkeSim& operator=(const GkeSim&) = delete;

  HttpResponse handle(const HttpRequest& req);
  // A handler bound to this simulator (which must outlive it).
  HttpHandler handler();

  // Where clients reach us; used for token_uri, selfLinks and instanceGroupUrls.
  void set_base_url(const std::string& base_url);
  // The service-account key file (token_uri = base_url + "/token").
  std::string service_account_json() const;
  // {"project","location","cluster"} for the operator's CloudCluster.
  std::string cluster_json() const;
  // Writes DIR/gke/service-account.json (0600) and DIR/gke/cluster.json.
  // Throws std::runtime_error on I/O failure.
  void write_files(const std::string& dir, const std::string& base_url);

  // Test knobs.
  void set_token_lifetime(std::chrono::seconds lifetime);
  void revoke_tokens();  // every issued access token stops working
  long tokens_issued() const;

  struct Impl;  // internal state (sim_impl.h), shared by the simulator's .cpp files

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpupool::sim::gke
