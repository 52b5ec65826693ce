#include "cloud/coreweave/coreweave_provider.h"

#include "cloud/coreweave/codec.h"
#include "cloud/coreweave/errors.h"
#include "cloud/coreweave/instance_types.h"
#include "cloud/coreweave/progress.h"

namespace gpupool::cloud::coreweave {

namespace {
using nlohmann::json;

Error failed(const Error& e, const std::string& context) { return map_api_error(e).with_context(context); }
}  // namespace

CoreweaveProvider::CoreweaveProvider(std::shared_ptr<kube::Client> client, Clock& clock,
                                     std::chrono::milliseconds provisioning_timeout)
    : client_(std::move(client)), clock_(clock), timeout_(provisioning_timeout) {}

Operation CoreweaveProvider::started(const std::string& kind, const std::string& pool) const {
  return Operation{operation_id(kind, pool, clock_.wall_now()), kind, pool, false};
}

Result<std::vector<NodePool>> CoreweaveProvider::list() {
  std::vector<NodePool> out;
  kube::ListOptions opts;
  opts.limit = 500;
  do {
    auto page = client_->list(nodepools(), "", opts);
    if (!page) return failed(page.error(), "listing coreweave node pools");
    for (const auto& item : page->items) out.push_back(parse_nodepool(item));
    opts.continue_token = page->continue_token;
  } while (!opts.continue_token.empty());
  return out;
}

Result<NodePool> CoreweaveProvider::get(const std::string& id) {
  auto r = client_->get(nodepools(), "", id);
  if (!r) return failed(r.error(), "reading coreweave node pool " + id);
  return parse_nodepool(*r);
}

Result<Operation> CoreweaveProvider::create(const NodePoolSpec& spec) {
  const std::string context = "creating coreweave pool " + spec.name;
  if (spec.node_count < 0) return fail(ErrorCode::InvalidArgument, context + ": negative node count");
  const int target = round_to_racks(spec.machine_type, spec.node_count);
  auto r = client_->create(nodepools(), "", nodepool_manifest(spec, target));
  if (!r) return failed(r.error(), context);
  Operation op = started("create", spec.name);
  op.done = target == 0;
  return op;
}

Result<Operation> CoreweaveProvider::patch_spec(const NodePool& pool, const json& spec, const std::string& kind) {
  auto r = client_->patch(nodepools(), "", pool.id, kube::PatchType::Merge, json{{"spec", spec}}.dump());
  if (!r) return failed(r.error(), kind + " of coreweave pool " + pool.name);
  return started(kind, pool.name);
}

Result<Operation> CoreweaveProvider::resize(const NodePool& pool, int nodes) {
  if (nodes < 0) return fail(ErrorCode::InvalidArgument, "resizing coreweave pool " + pool.name + ": negative node count");
  json spec = {{"targetNodes", round_to_racks(pool.machine_type, nodes)}};
  // instanceType is immutable: sending the caller's type lets CKS refuse a
  // change (422 Invalid -> InvalidArgument) in the same request; an
  // unchanged value is a no-op.
  if (!pool.machine_type.empty()) spec["instanceType"] = pool.machine_type;
  return patch_spec(pool, spec, "resize");
}

Result<Operation> CoreweaveProvider::set_autoscaling(const NodePool& pool, bool enabled, int min_nodes, int max_nodes) {
  // CKS refuses autoscaling for rack types itself; its message is clearer than ours.
  json spec = {{"autoscaling", enabled}, {"minNodes", nullptr}, {"maxNodes", nullptr}};
  if (enabled) {
    spec["minNodes"] = min_nodes;
    spec["maxNodes"] = max_nodes;
  }
  auto op = patch_spec(pool, spec, "autoscaling");
  // Done once accepted: the patch is the whole change, and from now on the
  // Cluster Autoscaler moves targetNodes; waiting on node counts it picks
  // would tie the reconciler to workload demand.
  if (op) op->done = true;
  return op;
}

Result<Operation> CoreweaveProvider::remove(const NodePool& pool) {
  auto s = client_->remove(nodepools(), "", pool.id);
  if (!s && s.error().code == ErrorCode::NotFound) return Operation{"", "delete", pool.name, true};
  if (!s) return failed(s.error(), "deleting coreweave pool " + pool.name);
  return started("delete", pool.name);
}

Result<OperationStatus> CoreweaveProvider::poll(const Operation& op) {
  if (op.done) return OperationStatus{true, std::nullopt};
  auto r = client_->get(nodepools(), "", op.pool_name);
  if (!r && r.error().code == ErrorCode::NotFound) {
    if (op.kind == "delete") return OperationStatus{true, std::nullopt};
    return OperationStatus{true, Error(ErrorCode::NotFound, op.kind + " of coreweave pool " + op.pool_name +
                                                                ": the node pool was deleted")};
  }
  if (!r) return failed(r.error(), "polling " + op.kind + " of coreweave pool " + op.pool_name);
  if (op.kind == "delete") return OperationStatus{false, std::nullopt};  // finalizers still draining
  // An id we did not make has no start time: treat it as old, so a capacity stall fails over at once.
  auto start = operation_start(op.id).value_or(std::chrono::system_clock::time_point{});
  auto st = progress(*r, start, clock_.wall_now(), timeout_);
  if (st.error) st.error = st.error->with_context(op.kind + " of coreweave pool " + op.pool_name);
  return st;
}

}  // namespace gpupool::cloud::coreweave
