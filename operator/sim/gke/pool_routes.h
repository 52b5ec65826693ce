#pragma once
// Request handlers of the container v1 node-pool API (pool_routes.cpp),
// called by GkeSim::Impl::container_api under the simulator lock.
#include <string>

#include "sim/gke/sim_impl.h"

namespace gpupool::sim::gke {

struct PoolRoutes {
  GkeSim::Impl& sim;
  const std::string& identity;
  bool int_enums;

  HttpResponse create(const HttpRequest& req);
  HttpResponse set_size(const std::string& pool, const HttpRequest& req);
  HttpResponse set_autoscaling(const std::string& pool, const HttpRequest& req);
  HttpResponse remove(const std::string& pool);

  // Helpers.
  std::optional<HttpResponse> busy(const std::string& pool) const;
  Op& start_op(const std::string& type, const std::string& pool);
  void add_instances(Pool& p, const std::string& zone, int n, const std::vector<TimePoint>& ready, std::size_t& next);
  std::optional<Failure> admit(const Pool& p, int per_zone, std::optional<HttpResponse>* sync_quota);
  std::string resource(const std::string& pool) const;
};

}  // namespace gpupool::sim::gke
