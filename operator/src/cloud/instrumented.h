#pragma once
// InstrumentedProvider (karpenter's metrics decorator pattern) reports every
// NodePoolProvider call (provider, operation, outcome, duration) to a
// CallObserver; the metrics package implements the observer with Prometheus
// counters/histograms. (Rate limiting is per HTTP request, in the cloud
// transports: see cloud/transport.h gated().) Thread-safe when the wrapped
// provider is.
#include <memory>
#include <string_view>

#include "cloud/provider.h"
#include "common/clock.h"

namespace gpupool::cloud {

struct CallRecord {
  std::string_view provider;   // "GKE"
  std::string_view operation;  // "list" | "get" | "create" | "resize" | "set_autoscaling" | "remove" | "poll"
  std::string_view outcome;    // "ok" or to_string(ErrorCode)
  Clock::duration duration{};
};

class CallObserver {
 public:
  virtual ~CallObserver() = default;
  // Called once per provider call, on the calling thread. Must be thread-safe.
  virtual void observe(const CallRecord& call) = 0;
};

class InstrumentedProvider final : public NodePoolProvider {
 public:
  InstrumentedProvider(std::shared_ptr<NodePoolProvider> inner, CallObserver& observer, Clock& clock);

  std::string_view provider() const override { return inner_->provider(); }
  Result<std::vector<NodePool>> list() override;
  Result<NodePool> get(const std::string& id) override;
  Result<Operation> create(const NodePoolSpec& spec) override;
  Result<Operation> resize(const NodePool& pool, int nodes) override;
  Result<Operation> set_autoscaling(const NodePool& pool, bool enabled, int min_nodes, int max_nodes) override;
  Result<Operation> remove(const NodePool& pool) override;
  Result<OperationStatus> poll(const Operation& op) override;

 private:
  template <typename F>
  auto timed(std::string_view operation, F&& call);

  std::shared_ptr<NodePoolProvider> inner_;
  CallObserver& observer_;
  Clock& clock_;
};

}  // namespace gpupool::cloud
