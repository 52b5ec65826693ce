#pragma once
// The AksProvider class (construct through make_aks_provider in provider.h).
//  * Pools are agent pools, identified by name; ownership is read from the
//    pool's Azure `tags` (keys without '/', see cloud/ownership.h).
//  * Mutations are full-object PUTs (resize/autoscaling: GET, modify, PUT
//    with If-Match: eTag); create sends If-None-Match: * so an existing pool
//    is never silently overwritten.
//  * Operation.id is the Azure-AsyncOperation URL (else Location, else the
//    pool URL whose provisioningState is polled), per @azure/core-lro.
//  * Ready nodes: see parse_pool (codec.h); while an operation runs the
//    provider reports the last settled count it saw, capped by `count`.
// Thread-safe; every method blocks for its HTTP round trips only.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "cloud/aks/client.h"
#include "cloud/provider.h"

namespace gpupool::cloud::aks {

class AksProvider final : public NodePoolProvider {
 public:
  explicit AksProvider(std::shared_ptr<AksClient> client);

  std::string_view provider() const override { return "AKS"; }
  Result<std::vector<NodePool>> list() override;
  Result<NodePool> get(const std::string& id) override;
  Result<Operation> create(const NodePoolSpec& spec) override;
  Result<Operation> resize(const NodePool& pool, int nodes) override;
  Result<Operation> set_autoscaling(const NodePool& pool, bool enabled, int min_nodes, int max_nodes) override;
  Result<Operation> remove(const NodePool& pool) override;
  Result<OperationStatus> poll(const Operation& op) override;

 private:
  NodePool describe(const nlohmann::json& ap);
  // GET, apply `edit` to the writable properties, PUT with If-Match.
  template <typename Edit>
  Result<Operation> read_modify_write(const NodePool& pool, const std::string& kind, Edit edit);
  Result<Operation> started(const ArmReply& reply, std::string kind, std::string pool);

  std::shared_ptr<AksClient> client_;
  std::mutex mu_;
  std::map<std::string, int> settled_;  // pool name -> last count seen Succeeded + Running
};

// How an operation URL's answer reads (exposed for tests): 202 = running;
// a body with `status` follows core-lro's substring rules; a body with
// properties.provisioningState likewise; any other 2xx = done.
Result<OperationStatus> read_operation(const http::Response& r, const std::string& what);

}  // namespace gpupool::cloud::aks
