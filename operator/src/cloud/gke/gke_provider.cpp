#include "cloud/gke/gke_provider.h"

#include <algorithm>

#include "cloud/gke/codec.h"
#include "cloud/gke/errors.h"

namespace gpupool::cloud::gke {

namespace {
using nlohmann::json;

// Operation.status arrives as a name, or as a number from int-enum clients.
bool op_done(const json& op) {
  if (!op.contains("status")) return false;
  const json& s = op["status"];
  return (s.is_string() && s.get<std::string>() == "DONE") || (s.is_number_integer() && s.get<int>() == 3);
}

bool is_zone(const std::string& location) { return std::count(location.begin(), location.end(), '-') >= 2; }

std::optional<Error> pool_error(const json& np, const std::string& state) {
  if (state != "ERROR" && state != "RUNNING_WITH_ERROR") return std::nullopt;
  json as_op = {{"name", np.value("name", std::string())},
                {"statusMessage", np.value("statusMessage", std::string("pool is in " + state))},
                {"nodepoolConditions", np.value("conditions", json::array())}};
  return map_operation_error(as_op);
}
}  // namespace

GkeProvider::GkeProvider(std::shared_ptr<GkeClient> client) : client_(std::move(client)) {}

Status GkeProvider::add_live_counts(const json& np, NodePool& pool) {
  if (!np.contains("instanceGroupUrls") || !np["instanceGroupUrls"].is_array()) return ok();
  for (const auto& url : np["instanceGroupUrls"]) {
    if (!url.is_string()) continue;
    auto igm = client_->get_instance_group_manager(url.get<std::string>());
    if (!igm) return igm.error().with_context("reading instance group of pool " + pool.name);
    if (igm->contains("targetSize") && (*igm)["targetSize"].is_number()) pool.desired_nodes += (*igm)["targetSize"].get<int>();
    auto list = client_->list_managed_instances(url.get<std::string>());
    if (!list) return list.error().with_context("listing instances of pool " + pool.name);
    for (const auto& mi : list->value("managedInstances", json::array())) {
      if (mi.value("currentAction", std::string()) == "DELETING") continue;
      ++pool.current_nodes;
      if (mi.value("instanceStatus", std::string()) == "RUNNING") ++pool.ready_nodes;
    }
  }
  return ok();
}

Result<NodePool> GkeProvider::describe(const json& np) {
  NodePool pool = parse_node_pool(np);
  pool.error = pool_error(np, pool.state);
  if (auto s = add_live_counts(np, pool); !s) return s.error();
  return pool;
}

Result<std::vector<NodePool>> GkeProvider::list() {
  auto r = client_->list_node_pools();
  if (!r) return r.error().with_context("listing gke node pools");
  std::vector<NodePool> out;
  for (const auto& np : r->value("nodePools", json::array())) {
    auto pool = describe(np);
    if (!pool) return pool.error();
    out.push_back(std::move(*pool));
  }
  return out;
}

Result<NodePool> GkeProvider::get(const std::string& id) {
  auto r = client_->get_node_pool(id);
  if (!r) return r.error().with_context("reading gke node pool " + id);
  return describe(*r);
}

Result<std::vector<std::string>> GkeProvider::zones_for(const std::vector<std::string>& wanted) {
  if (!wanted.empty()) return wanted;
  if (is_zone(client_->ref().location)) return std::vector<std::string>{client_->ref().location};
  std::lock_guard lock(mu_);
  if (cluster_zones_) return *cluster_zones_;
  // A regional cluster's pools default to the cluster's node locations.
  auto c = client_->get_cluster();
  if (!c) return c.error().with_context("reading gke cluster locations");
  std::vector<std::string> zones;
  for (const auto& z : c->value("locations", json::array()))
    if (z.is_string()) zones.push_back(z.get<std::string>());
  if (zones.empty()) return fail(ErrorCode::FailedPrecondition, "gke cluster has no node locations");
  cluster_zones_ = zones;
  return zones;
}

Result<Operation> GkeProvider::started(const Result<json>& op, std::string kind, std::string pool,
                                       std::string_view context) {
  if (!op) return op.error().with_context(context);
  Operation out{op->value("name", std::string()), std::move(kind), std::move(pool), op_done(*op)};
  if (out.id.empty()) return fail(ErrorCode::Unavailable, std::string(context) + ": answer has no operation name");
  return out;
}

Result<Operation> GkeProvider::create(const NodePoolSpec& spec) {
  auto zones = zones_for(spec.zones);
  if (!zones) return zones.error().with_context("creating gke pool " + spec.name);
  auto body = create_request(spec, *zones);
  if (!body) return body.error().with_context("creating gke pool " + spec.name);
  return started(client_->create_node_pool(*body), "create", spec.name, "creating gke pool " + spec.name);
}

Result<Operation> GkeProvider::resize(const NodePool& pool, int nodes) {
  auto zones = zones_for(pool.zones);
  if (!zones) return zones.error().with_context("resizing gke pool " + pool.name);
  return started(client_->set_size(pool.id, per_zone(nodes, zones->size())), "resize", pool.name,
                 "resizing gke pool " + pool.name);
}

Result<Operation> GkeProvider::set_autoscaling(const NodePool& pool, bool enabled, int min_nodes, int max_nodes) {
  json as = {{"enabled", enabled}};
  if (enabled) {
    // Pool-wide limits: no per-zone arithmetic needed.
    as["totalMinNodeCount"] = min_nodes;
    as["totalMaxNodeCount"] = max_nodes;
    as["locationPolicy"] = "ANY";
  }
  return started(client_->set_autoscaling(pool.id, as), "autoscaling", pool.name,
                 "setting autoscaling of gke pool " + pool.name);
}

Result<Operation> GkeProvider::remove(const NodePool& pool) {
  auto r = client_->delete_node_pool(pool.id);
  if (!r && r.error().code == ErrorCode::NotFound) return Operation{"", "delete", pool.name, true};
  return started(r, "delete", pool.name, "deleting gke pool " + pool.name);
}

Result<OperationStatus> GkeProvider::poll(const Operation& op) {
  if (op.done) return OperationStatus{true, std::nullopt};
  auto r = client_->get_operation(op.id);
  if (!r) return r.error().with_context("polling gke operation " + op.id);
  if (!op_done(*r)) return OperationStatus{false, std::nullopt};
  auto err = map_operation_error(*r);
  if (err) *err = err->with_context(op.kind + " of gke pool " + op.pool_name);
  return OperationStatus{true, err};
}

}  // namespace gpupool::cloud::gke
