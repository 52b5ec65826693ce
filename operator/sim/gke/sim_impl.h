#pragma once
// Internal state of GkeSim, shared by its .cpp files (auth/routing,
// container API, compute API). Everything here runs under Impl::mu.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/cloud/world.h"
#include "sim/gke/catalog.h"
#include "sim/gke/gke_sim.h"
#include "sim/gke/sa_key.h"

namespace gpupool::sim::gke {

using nlohmann::json;
using TimePoint = Clock::time_point;

struct Instance {
  std::string name;
  TimePoint ready_at;
  bool deleting = false;
};

struct Pool {
  std::string name;
  json spec;  // the NodePool as created (enum names), echoed back
  std::vector<std::string> zones;
  int per_zone = 0;  // current target per zone (initialNodeCount stays in spec)
  std::string status = "PROVISIONING";
  std::string status_message;
  json conditions = json::array();
  std::string created_by, machine_type;
  std::optional<MachineInfo> machine;
  bool spot = false;
  std::map<std::string, std::vector<Instance>> instances;  // zone -> instances
  std::string igm_suffix;  // random part of instance group names
  long version = 1;
};

struct Failure {
  int rpc_code = 8;        // google.rpc.Code in Operation.error.code
  std::string condition;   // GCE_STOCKOUT | GCE_QUOTA_EXCEEDED
  std::string message;
};

struct Op {
  std::string name, type, pool;
  TimePoint start, running_at, done_at;
  std::string start_time;  // RFC 3339 wall time
  std::optional<Failure> failure;
  bool applied = false;
  std::string end_time;
};

struct TokenInfo {
  std::string identity;
  TimePoint expires_at;
};

struct GkeSim::Impl {
  Impl(cloud::World& w, GkeSimOptions o);

  cloud::World& world;
  GkeSimOptions opts;
  SimServiceAccount sa;
  std::mutex mu;
  std::map<std::string, TokenInfo> tokens;
  long tokens_issued = 0;
  std::map<std::string, Pool> pools;
  std::map<std::string, Op> ops;  // by name
  long op_seq = 0;

  // gke_sim.cpp
  HttpResponse handle(const HttpRequest& req);
  HttpResponse token_endpoint(const HttpRequest& req);
  std::optional<std::string> authenticate(const HttpRequest& req);
  std::string token_url() const { return opts.base_url + "/token"; }
  std::string region() const;
  std::string wall_time() const;

  // node_pools.cpp
  HttpResponse container_api(const HttpRequest& req, const std::string& identity, bool int_enums);
  void settle();
  json render_pool(const Pool& p, bool int_enums) const;
  json render_op(const Op& op, bool int_enums) const;
  void report(const Pool& p);

  // compute.cpp
  HttpResponse compute_api(const HttpRequest& req);
  std::string igm_name(const Pool& p) const;
  std::string igm_url(const Pool& p, const std::string& zone) const;
};

// RFC 3339 UTC with seconds, as GKE's startTime/endTime.
std::string rfc3339(std::chrono::system_clock::time_point t);

}  // namespace gpupool::sim::gke
