#pragma once
// The CKS node-pool controller of the simulator: what CoreWeave runs behind
// the NodePool API. Each pass lists NodePools from the simulated API server
// and, per pool: adds a cleanup finalizer; on deletion releases the nodes and
// drops the finalizer; clamps targetNodes into minNodes..maxNodes when
// autoscaling (the Cluster Autoscaler's job); asks the World for capacity and
// quota; moves status.currentNodes toward the target over the World's
// provisioning time (pool_step.h); writes status (Validated, AtTarget
// conditions with observedGeneration) through the status subresource only
// when it changed; reports the pool to the World for /state.
// Every write is an ordinary request through ApiServer::handle, so
// resourceVersions, generations and watch events stay right.
// Thread-safe; pass() and the background thread never overlap.
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "sim/cloud/world.h"
#include "sim/kube/api_server.h"

namespace gpupool::sim::coreweave {

inline constexpr const char* kProvider = "CoreWeave";
inline constexpr const char* kFinalizer = "compute.coreweave.com/nodepool";

struct ControllerOptions {
  std::string cluster_id;   // World pool registry key
  std::string zone;         // World capacity region
  std::string token;        // for the controller's own API requests
  std::string identity;     // createdBy in /state
  std::chrono::milliseconds tick{100};
};

class NodePoolController {
 public:
  NodePoolController(kube::ApiServer& api, cloud::World& world, ControllerOptions opts);
  ~NodePoolController();  // stop()

  // Runs passes every `tick` (on the World's clock) until stop(). Idempotent.
  void start();
  void stop();
  // One synchronous pass (tests, or callers that drive time themselves).
  void pass();
  // Ready nodes that run work; IdleOnly scale-down never removes them.
  void set_busy_nodes(int n);

 private:
  struct Pool {
    std::vector<Clock::time_point> ready_at;
    std::string name;
    std::string reported;  // last summary sent to the World
  };
  void reconcile(const nlohmann::json& obj);
  void finish_delete(const nlohmann::json& obj);
  bool ensure_finalizer(const nlohmann::json& obj);
  bool clamp_autoscaled_target(const nlohmann::json& obj);
  int capacity_room(const std::string& name, const std::string& type, int target) const;
  std::string quota_message(const std::string& name, const std::string& type, int target) const;
  void report(const nlohmann::json& obj, Pool& pool, const std::string& state);
  HttpResponse call(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr);

  kube::ApiServer& api_;
  cloud::World& world_;
  ControllerOptions opts_;
  std::mutex pass_mu_;              // serializes passes; guards pools_, busy_
  std::map<std::string, Pool> pools_;  // by object uid (a re-created name starts afresh)
  int busy_ = 0;
  std::mutex run_mu_;               // guards stopping_
  std::condition_variable run_cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gpupool::sim::coreweave
