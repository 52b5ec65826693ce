#include "cloud/instrumented.h"

namespace gpupool::cloud {

InstrumentedProvider::InstrumentedProvider(std::shared_ptr<NodePoolProvider> inner, CallObserver& observer,
                                           Clock& clock)
    : inner_(std::move(inner)), observer_(observer), clock_(clock) {}

template <typename F>
auto InstrumentedProvider::timed(std::string_view operation, F&& call) {
  auto start = clock_.now();
  auto result = call();
  std::string_view outcome = result ? std::string_view("ok") : to_string(result.error().code);
  observer_.observe({inner_->provider(), operation, outcome, clock_.now() - start});
  return result;
}

Result<std::vector<NodePool>> InstrumentedProvider::list() {
  return timed("list", [&] { return inner_->list(); });
}
Result<NodePool> InstrumentedProvider::get(const std::string& id) {
  return timed("get", [&] { return inner_->get(id); });
}
Result<Operation> InstrumentedProvider::create(const NodePoolSpec& spec) {
  return timed("create", [&] { return inner_->create(spec); });
}
Result<Operation> InstrumentedProvider::resize(const NodePool& pool, int nodes) {
  return timed("resize", [&] { return inner_->resize(pool, nodes); });
}
Result<Operation> InstrumentedProvider::set_autoscaling(const NodePool& pool, bool enabled, int min_nodes,
                                                        int max_nodes) {
  return timed("set_autoscaling", [&] { return inner_->set_autoscaling(pool, enabled, min_nodes, max_nodes); });
}
Result<Operation> InstrumentedProvider::remove(const NodePool& pool) {
  return timed("remove", [&] { return inner_->remove(pool); });
}
Result<OperationStatus> InstrumentedProvider::poll(const Operation& op) {
  return timed("poll", [&] { return inner_->poll(op); });
}

}  // namespace gpupool::cloud
