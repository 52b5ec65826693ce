#pragma once
// The OkeProvider class (construct through make_oke_provider in provider.h).
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cloud/oke/client.h"
#include "cloud/oke/codec.h"
#include "cloud/oke/identity_client.h"
#include "cloud/provider.h"

namespace gpupool::cloud::oke {

class OkeProvider final : public NodePoolProvider {
 public:
  // `identity` lists the ADs for specs without zones (may be null: such a
  // spec is then InvalidArgument).
  OkeProvider(std::shared_ptr<OkeClient> client, PoolSettings settings,
              std::shared_ptr<IdentityClient> identity = nullptr);

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
  // The tenancy's ADs, read once: a region's ADs never change in practice,
  // so one Identity call per provider (failures are not cached). The lock is
  // held across that call: concurrent creates wait for it, not repeat it.
  Result<std::vector<std::string>> availability_domains();

  std::shared_ptr<OkeClient> client_;
  PoolSettings settings_;
  std::shared_ptr<IdentityClient> identity_;
  std::mutex ads_mu_;
  std::optional<std::vector<std::string>> ads_;
};

}  // namespace gpupool::cloud::oke
