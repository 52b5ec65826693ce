#pragma once
// Where the GPUPool reconciler gets a CloudCluster's provider and its gate
// (rate limit + one-mutation-at-a-time claim). Production wraps the
// ProviderRegistry; tests hand in fakes. Implementations are thread-safe.
#include <memory>

#include "api/cloudcluster.h"
#include "cloud/cluster_gate.h"
#include "cloud/factory/provider_registry.h"
#include "cloud/provider.h"
#include "common/result.h"

namespace gpupool::controller {

class ProviderSource {
 public:
  virtual ~ProviderSource() = default;
  virtual Result<std::shared_ptr<cloud::NodePoolProvider>> provider_for(const api::CloudCluster& c) = 0;
  virtual std::shared_ptr<cloud::ClusterGate> gate_for(const api::CloudCluster& c) = 0;
};

class RegistryProviderSource final : public ProviderSource {
 public:
  explicit RegistryProviderSource(cloud::ProviderRegistry& registry) : registry_(registry) {}
  Result<std::shared_ptr<cloud::NodePoolProvider>> provider_for(const api::CloudCluster& c) override {
    return registry_.get(c);
  }
  std::shared_ptr<cloud::ClusterGate> gate_for(const api::CloudCluster& c) override {
    return registry_.shared_gate(c.metadata.key());
  }

 private:
  cloud::ProviderRegistry& registry_;
};

}  // namespace gpupool::controller
