#pragma once
// The simulated Azure Kubernetes Service: one HttpHandler for both hosts the
// real clients talk to (cloud-apis.md §2, wire-samples/aks.md).
// Login (Entra ID):
//   GET  /common/discovery/instance?api-version=1.1&authorization_endpoint=...
//   GET  /{tenant}/v2.0/.well-known/openid-configuration
//   GET  /{tenant}/discovery/v2.0/keys
//   POST /{tenant}/oauth2/v2.0/token        client credentials (form or Basic)
// ARM (management.azure.com):
//   PUT|GET|DELETE /subscriptions/{s}/resourceGroups/{rg}/providers/
//       Microsoft.ContainerService/managedClusters/{c}/agentPools[/{name}]
//   GET /subscriptions/{s}/providers/Microsoft.ContainerService/locations/{loc}/operations/{id}
//   GET /subscriptions/{s}/providers/Microsoft.ContainerService/locations/{loc}/operationresults/{id}
// Reproduces: api-version required, name/body validation, 201/200 +
// Azure-AsyncOperation + Location + Retry-After, InProgress -> Succeeded /
// Failed, DELETE 202/204 then 404, 409 OperationNotAllowed while busy,
// stockouts from the World (async AllocationFailed / ZonalAllocationFailed),
// per-family vCPU quota (sync 400 ErrCode_InsufficientVCPUQuota), eTag +
// If-Match / If-None-Match 412, PUT = full replacement, ARM token-bucket
// throttling (429 + Retry-After + x-ms-ratelimit-remaining-subscription-*),
// 401 for missing/expired/bad tokens, invalid_client for a bad secret.
// Time comes from the World's clock; state advances lazily on each request.
// Thread-safe (one lock per simulator).
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "sim/cloud/world.h"
#include "sim/server/http_types.h"

namespace gpupool::sim::aks {

// ARM subscription token buckets (2024 regional scheme): size and refill/s.
struct ThrottleLimits {
  double read_bucket = 250, read_refill = 25;
  double write_bucket = 200, write_refill = 10;
  double delete_bucket = 200, delete_refill = 10;
};

struct AksSimOptions {
  // "" = a random GUID (client secret: a random secret) per simulator.
  std::string tenant_id, client_id, client_secret, subscription_id;
  std::string resource_group = "gpu-rg";
  std::string cluster = "gpu-aks";
  std::string location = "eastus";
  std::string arm_url, login_url;  // "https://127.0.0.1:PORT"; "" = from the Host header
  std::vector<std::string> api_versions = {"2024-10-01", "2026-04-01"};
  std::chrono::seconds token_lifetime{3599};
  int retry_after_seconds = 1;  // on PUT/DELETE and while an operation runs
  int page_size = 100;          // agentPools list page (nextLink beyond)
  ThrottleLimits limits;
  std::string orchestrator_version = "1.30.5";
};

class AksSim {
 public:
  explicit AksSim(cloud::World& world, AksSimOptions options = {});
  ~AksSim();
  AksSim(const AksSim&) = delete;
  AksSim& operator=(const AksSim&) = delete;

  HttpResponse handle(const HttpRequest& req);
  // A handler bound to this simulator (which must outlive it).
  HttpHandler handler();

  // Where clients reach ARM and the login host (may be the same server).
  void set_urls(const std::string& arm_url, const std::string& login_url);
  // {tenantId, clientId, clientSecret, subscriptionId, resourceGroup,
  //  clusterName, location, authorityHost, armEndpoint}
  std::string credentials_json() const;
  // Writes DIR/aks/credentials.json (0600). Throws std::runtime_error on I/O failure.
  void write_files(const std::string& dir, const std::string& arm_url, const std::string& login_url);
  AksSimOptions options() const;

  // Test knobs.
  void set_token_lifetime(std::chrono::seconds lifetime);
  void expire_tokens();  // every issued token now answers 401 ExpiredAuthenticationToken
  long tokens_issued() const;
  void set_throttle(const ThrottleLimits& limits);  // also refills the buckets

  struct Impl;  // internal state (sim_impl.h), shared by the simulator's .cpp files

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpupool::sim::aks
