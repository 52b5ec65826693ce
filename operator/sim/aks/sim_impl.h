#pragma once
// Internal state of AksSim, shared by its .cpp files (routing and auth,
// login host, agent pools, operations). Everything here runs under Impl::mu.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/aks/aks_sim.h"
#include "sim/aks/catalog.h"
#include "sim/aks/pool_validate.h"
#include "sim/aks/throttle.h"

namespace gpupool::sim::aks {

using nlohmann::json;
using TimePoint = Clock::time_point;

struct Pool {
  std::string name;
  json props;                 // writable properties as last PUT, defaults filled
  std::string state;          // provisioningState: Creating | Scaling | Updating | Deleting | Succeeded | Failed
  std::string etag;
  VmSize size;
  std::vector<TimePoint> nodes;  // per existing node: when it is/was ready
  json provisioning_error;    // null or {code, message}
  std::string created_by;
};

struct Failure {
  std::string code, message;
};

struct Op {
  std::string id, pool;
  std::string kind;  // "put" | "delete"
  TimePoint done_at;
  std::string start_time, end_time;
  std::optional<Failure> failure;
  bool applied = false;
};

struct TokenInfo {
  std::string client_id;
  TimePoint expires_at;
  std::chrono::system_clock::time_point wall_expiry;
};

struct AksSim::Impl {
  Impl(cloud::World& w, AksSimOptions o);

  cloud::World& world;
  AksSimOptions opts;
  ArmThrottle throttle;
  std::mutex mu;
  std::map<std::string, TokenInfo> tokens;
  long tokens_issued = 0;
  std::map<std::string, Pool> pools;
  std::map<std::string, Op> ops;

  // aks_sim.cpp: routing, ARM auth, faults, throttling
  HttpResponse handle(const HttpRequest& req);
  HttpResponse arm(const HttpRequest& req, const std::string& identity);
  std::optional<HttpResponse> authenticate(const HttpRequest& req, std::string& client_id);
  std::string arm_base(const HttpRequest& req) const;
  std::string login_base(const HttpRequest& req) const;

  // login.cpp
  std::optional<HttpResponse> login(const HttpRequest& req);
  HttpResponse token_endpoint(const HttpRequest& req, const std::string& tenant);
  HttpResponse openid_configuration(const HttpRequest& req, const std::string& tenant);
  HttpResponse instance_discovery(const HttpRequest& req);

  // agent_pools.cpp
  HttpResponse pools_api(const HttpRequest& req, const std::string& pool, const std::string& identity);
  HttpResponse get_pool(const HttpRequest& req, const std::string& name);
  HttpResponse list_pools(const HttpRequest& req);
  HttpResponse delete_pool(const HttpRequest& req, const std::string& name);
  std::optional<HttpResponse> busy(const std::string& pool) const;
  std::optional<HttpResponse> precondition(const HttpRequest& req, const Pool* existing) const;
  json render(const HttpRequest& req, const Pool& p) const;
  void report(const Pool& p);

  // pool_put.cpp
  HttpResponse put_pool(const HttpRequest& req, const std::string& name, const std::string& identity);
  // Quota (sync 400) and capacity (async failure) for a pool growing to its new count.
  std::optional<HttpResponse> admit(const ValidPool& v, const std::string& existing, bool growing,
                                    std::optional<Failure>& failure);

  // operations.cpp
  Op& start_op(const std::string& kind, const std::string& pool, std::optional<Failure> failure);
  void add_op_headers(const HttpRequest& req, HttpResponse& r, const Op& op) const;
  HttpResponse operation_status(const HttpRequest& req, const std::string& id);
  HttpResponse operation_result(const HttpRequest& req, const std::string& id);
  void settle();

  std::string pool_id(const std::string& name) const;
  std::string wall_time() const;
};

}  // namespace gpupool::sim::aks
