#pragma once
// GkeClient: the container v1 and compute v1 REST calls the provider needs,
// with bearer auth from the TokenCache (one transparent re-auth on a 401) and
// every non-2xx answer mapped by gke/errors.cpp. Returns the decoded JSON
// body; a body that is not JSON is Unavailable (a broken proxy or server,
// worth a retry). Thread-safe; blocking (one HTTP round trip per call).
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cloud/token_cache.h"
#include "common/result.h"
#include "http/transport.h"

namespace gpupool::cloud::gke {

struct ClusterRef {
  std::string project, location, cluster;
};

class GkeClient {
 public:
  GkeClient(std::shared_ptr<http::Transport> container, std::shared_ptr<http::Transport> compute,
            std::shared_ptr<TokenCache> tokens, ClusterRef ref);

  const ClusterRef& ref() const { return ref_; }

  Result<nlohmann::json> get_cluster();
  Result<nlohmann::json> list_node_pools();
  Result<nlohmann::json> get_node_pool(const std::string& name);
  Result<nlohmann::json> create_node_pool(const nlohmann::json& request);
  Result<nlohmann::json> set_size(const std::string& name, int node_count_per_zone);
  Result<nlohmann::json> set_autoscaling(const std::string& name, const nlohmann::json& autoscaling);
  Result<nlohmann::json> delete_node_pool(const std::string& name);
  Result<nlohmann::json> get_operation(const std::string& operation_name);

  // Compute instanceGroupManagers.get / listManagedInstances for an URL from
  // NodePool.instanceGroupUrls (its path is sent to the compute transport).
  Result<nlohmann::json> get_instance_group_manager(const std::string& igm_url);
  Result<nlohmann::json> list_managed_instances(const std::string& igm_url);

 private:
  Result<nlohmann::json> call(http::Transport& t, const std::string& method, const std::string& target,
                              const std::string& body);
  Result<http::Response> send_authorized(http::Transport& t, http::Request req);
  std::string cluster_path() const;

  std::shared_ptr<http::Transport> container_, compute_;
  std::shared_ptr<TokenCache> tokens_;
  ClusterRef ref_;
};

}  // namespace gpupool::cloud::gke
