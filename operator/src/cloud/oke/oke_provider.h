#pragma once
// The OkeProvider class (construct through make_oke_provider in provider.h).
#include <memory>
#include <string>
#include <vector>

#include "cloud/oke/client.h"
#include "cloud/oke/codec.h"
#include "cloud/provider.h"

namespace gpupool::cloud::oke {

class OkeProvider final : public NodePoolProvider {
 public:
  OkeProvider(std::shared_ptr<OkeClient> client, PoolSettings settings);

  std::string_view provider() const override { return "OKE"; }
  Result<std::vector<NodePool>> list() override;
  // `id` is a node pool OCID, or a pool name (our pool of that name first).
  Result<NodePool> get(const std::string& id) override;
  Result<Operation> create(const NodePoolSpec& spec) override;
  Result<Operation> resize(const NodePool& pool, int nodes) override;
  Result<Operation> set_autoscaling(const NodePool& pool, bool enabled, int min_nodes, int max_nodes) override;
  Result<Operation> remove(const NodePool& pool) override;
  Result<OperationStatus> poll(const Operation& op) override;

 private:
  // The live NodePool (+etag) by OCID or name; NotFound when absent or DELETED.
  Result<Tagged> fetch(const std::string& id_or_name);
  Result<std::string> id_for_name(const std::string& name);

  std::shared_ptr<OkeClient> client_;
  PoolSettings settings_;
};

}  // namespace gpupool::cloud::oke
