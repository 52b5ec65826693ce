#pragma once
// The simulated CoreWeave Kubernetes Service (cloud-apis.md §4): a CKS
// cluster's own Kubernetes API server (a second kube::ApiServer) with the
// compute.coreweave.com/v1alpha1 NodePool CRD installed, CoreWeave's managed
// auth (a static `CW-SECRET-...` bearer token; a missing or wrong token gets
// 403, not 401), World faults answered as Kubernetes Status bodies, and the
// CKS node-pool controller (controller.h) moving status.currentNodes toward
// spec.targetNodes over the World's provisioning time, stalling on the
// World's capacity and failing validation on its quota.
// Every API request is counted in the World under the token's identity.
// Thread-safe.
#include <chrono>
#include <memory>
#include <string>

#include "sim/cloud/world.h"
#include "sim/server/http_types.h"

namespace gpupool::sim::coreweave {

struct CoreweaveSimOptions {
  std::string cluster_id = "cks-gpu";     // World pool registry key
  std::string zone = "US-EAST-04A";       // World capacity region
  std::string token;                      // "" = "CW-SECRET-<random>"
  std::string token_identity = "cks-admin@gpupool.example";  // whose token it is (createdBy, request counts)
  std::chrono::milliseconds tick{100};    // controller pass interval (World clock)
  int busy_nodes = 0;                     // ready nodes running work: IdleOnly scale-down keeps them
};

class CoreweaveSim {
 public:
  explicit CoreweaveSim(cloud::World& world, CoreweaveSimOptions options = {});
  ~CoreweaveSim();  // stop()
  CoreweaveSim(const CoreweaveSim&) = delete;
  CoreweaveSim& operator=(const CoreweaveSim&) = delete;

  HttpResponse handle(const HttpRequest& req);
  // A handler bound to this simulator (which must outlive it).
  HttpHandler handler();

  // Where clients reach us (the kubeconfig's server); settable later.
  void set_base_url(const std::string& base_url);
  // The bearer token clients must send.
  std::string token() const;
  // Writes DIR/coreweave/kubeconfig (0600): server `base_url` (or the one set
  // before if empty), certificate-authority-data from `ca_pem` (omitted when
  // empty), users[].user.token. Throws std::runtime_error on I/O failure.
  void write_files(const std::string& dir, const std::string& base_url = "", const std::string& ca_pem = "");

  // The node-pool controller thread (passes every `tick` on the World clock).
  void start();
  void stop();
  // One synchronous controller pass (tests driving a FakeClock).
  void reconcile_now();
  // Test knob: ready nodes running work (see CoreweaveSimOptions::busy_nodes).
  void set_busy_nodes(int n);

 private:
  std::string base_url() const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpupool::sim::coreweave
