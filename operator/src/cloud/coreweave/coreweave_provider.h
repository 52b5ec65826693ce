#pragma once
// The CoreweaveProvider class (construct through make_coreweave_provider in
// provider.h, or directly over any kube::Client in tests).
#include <chrono>
#include <memory>

#include <nlohmann/json.hpp>

#include "cloud/provider.h"
#include "common/clock.h"
#include "kube/client.h"

namespace gpupool::cloud::coreweave {

class CoreweaveProvider final : public NodePoolProvider {
 public:
  CoreweaveProvider(std::shared_ptr<kube::Client> client, Clock& clock, std::chrono::milliseconds provisioning_timeout);

  std::string_view provider() const override { return "CoreWeave"; }
  Result<std::vector<NodePool>> list() override;
  Result<NodePool> get(const std::string& id) override;
  Result<Operation> create(const NodePoolSpec& spec) override;
  Result<Operation> resize(const NodePool& pool, int nodes) override;
  Result<Operation> set_autoscaling(const NodePool& pool, bool enabled, int min_nodes, int max_nodes) override;
  Result<Operation> remove(const NodePool& pool) override;
  Result<OperationStatus> poll(const Operation& op) override;

 private:
  Result<Operation> patch_spec(const NodePool& pool, const nlohmann::json& spec, const std::string& kind);
  Operation started(const std::string& kind, const std::string& pool) const;

  std::shared_ptr<kube::Client> client_;
  Clock& clock_;
  std::chrono::milliseconds timeout_;
};

}  // namespace gpupool::cloud::coreweave
