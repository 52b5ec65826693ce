#pragma once
// Internal state of OkeSim, shared by its .cpp files (auth + routing, node
// pools, work requests). Everything here runs under Impl::mu.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/oke/catalog.h"
#include "sim/oke/oke_sim.h"
#include "sim/oke/verifier.h"

namespace gpupool::sim::oke {

using nlohmann::json;
using TimePoint = Clock::time_point;

struct Node {
  std::string id, name, ad, fault_domain;
  TimePoint ready_at;
  bool deleting = false;
  json error;  // nodeError when the launch failed (null otherwise)
};

struct Pool {
  std::string id, name, shape, created_by, time_created;
  ShapeInfo info;
  json details;     // CreateNodePoolDetails as accepted (echoed back)
  json placements;  // nodeConfigDetails.placementConfigs
  int size = 0;
  std::vector<Node> nodes;
  std::string state = "CREATING", state_details;
  long version = 1;
  std::optional<TimePoint> deleted_at;
};

struct WorkRequest {
  std::string id, type, action, pool_id;
  TimePoint started_at, done_at;
  std::string time_accepted, time_started, time_finished;
  bool applied = false;
  json errors = json::array();  // WorkRequestError[] when it fails
};

struct RetryRecord {
  std::string body_hash, work_request;
};

struct OkeSim::Impl {
  Impl(cloud::World& w, const OkeSimOptions& o);

  cloud::World& world;
  const OkeSimOptions& opts;
  ApiKey key;
  SignatureVerifier verifier;
  std::mutex mu;
  std::map<std::string, Pool> pools;  // by OCID
  std::vector<std::string> order;     // pool OCIDs by creation
  std::map<std::string, WorkRequest> work_requests;
  std::map<std::string, RetryRecord> retry_tokens;

  // oke_sim.cpp
  HttpResponse handle(const HttpRequest& req);
  HttpResponse route(const HttpRequest& req, const std::string& identity);
  std::string region_key() const;
  std::string wall_time(TimePoint at) const;

  // node_pools.cpp
  HttpResponse create_pool(const HttpRequest& req, const std::string& identity);
  HttpResponse get_pool(const std::string& id);
  HttpResponse list_pools(const HttpRequest& req);
  HttpResponse update_pool(const std::string& id, const HttpRequest& req);
  HttpResponse delete_pool(const std::string& id, const HttpRequest& req);
  json render_pool(const Pool& p, bool with_nodes) const;
  std::string etag(const Pool& p) const;
  void report(const Pool& p);
  std::optional<HttpResponse> admit(const Pool& p, int size, bool* stockout);
  void add_nodes(Pool& p, int n, bool failed);

  // identity.cpp: the Identity API's ListAvailabilityDomains (same server)
  HttpResponse list_availability_domains(const HttpRequest& req, const std::string& tenancy) const;

  // work_requests.cpp
  WorkRequest& start(const std::string& type, const std::string& action, const Pool& p, TimePoint done_at);
  std::optional<HttpResponse> busy(const std::string& pool_id) const;
  void settle();
  void apply(WorkRequest& wr);
  HttpResponse get_work_request(const std::string& id);
  HttpResponse work_request_errors(const std::string& id, const HttpRequest& req);
  HttpResponse accepted(const WorkRequest& wr) const;
};

// RFC 3339 UTC with milliseconds ("2026-11-30T09:55:50.352Z").
std::string rfc3339(std::chrono::system_clock::time_point t);
// Lowercase hex SHA-256.
std::string sha256_hex(const std::string& data);

}  // namespace gpupool::sim::oke
