#pragma once
// The GkeProvider class (construct through make_gke_provider in provider.h).
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cloud/gke/client.h"
#include "cloud/provider.h"

namespace gpupool::cloud::gke {

class GkeProvider final : public NodePoolProvider {
 public:
  explicit GkeProvider(std::shared_ptr<GkeClient> client);

  std::string_view provider() const override { return "GKE"; }
  Result<std::vector<NodePool>> list() override;
  Result<NodePool> get(const std::string& id) override;
  Result<Operation> create(const NodePoolSpec& spec) override;
  Result<Operation> resize(const NodePool& pool, int nodes) override;
  Result<Operation> set_autoscaling(const NodePool& pool, bool enabled, int min_nodes, int max_nodes) override;
  Result<Operation> remove(const NodePool& pool) override;
  Result<OperationStatus> poll(const Operation& op) override;

 private:
  Result<NodePool> describe(const nlohmann::json& np);
  Status add_live_counts(const nlohmann::json& np, NodePool& pool);
  Result<std::vector<std::string>> zones_for(const std::vector<std::string>& wanted);
  static Result<Operation> started(const Result<nlohmann::json>& op, std::string kind, std::string pool,
                                   std::string_view context);

  std::shared_ptr<GkeClient> client_;
  std::mutex mu_;
  std::optional<std::vector<std::string>> cluster_zones_;  // cached default node locations
};

}  // namespace gpupool::cloud::gke
