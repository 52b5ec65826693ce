#include "cloud/oke/oke_provider.h"

#include "cloud/oke/errors.h"

namespace gpupool::cloud::oke {

namespace {
using nlohmann::json;

bool is_ocid(const std::string& s) { return s.rfind("ocid1.", 0) == 0; }

std::string state_of(const json& np) {
  return np.is_object() && np.contains("lifecycleState") && np["lifecycleState"].is_string()
             ? np["lifecycleState"].get<std::string>()
             : std::string();
}

Result<Operation> started(const Result<std::string>& wr, std::string kind, std::string pool, const std::string& what) {
  if (!wr) return wr.error().with_context(what);
  return Operation{*wr, std::move(kind), std::move(pool), false};
}
}  // namespace

OkeProvider::OkeProvider(std::shared_ptr<OkeClient> client, PoolSettings settings,
                         std::shared_ptr<IdentityClient> identity)
    : client_(std::move(client)), settings_(std::move(settings)), identity_(std::move(identity)) {}

Result<std::vector<std::string>> OkeProvider::availability_domains() {
  std::lock_guard lock(ads_mu_);
  if (ads_) return *ads_;
  if (!identity_) return fail(ErrorCode::InvalidArgument, "no availability domain given and no Identity endpoint to list them");
  // Any compartment of the tenancy answers with the tenancy's ADs; the node
  // pool compartment is the one the operator's user surely may read.
  auto ads = identity_->list_availability_domains(client_->ref().compartment_id);
  if (!ads) return ads.error().with_context("listing OCI availability domains");
  if (ads->empty()) return fail(ErrorCode::Unavailable, "OCI Identity listed no availability domains");
  ads_ = *ads;
  return *ads_;
}

Result<std::vector<NodePool>> OkeProvider::list() {
  auto summaries = client_->list_node_pools();
  if (!summaries) return summaries.error().with_context("listing oke node pools");
  std::vector<NodePool> out;
  for (const auto& s : *summaries) {
    if (state_of(s) == "DELETED") continue;
    NodePool p = to_node_pool(s);
    // Summaries carry no nodes[]: read our own pools in full for live counts.
    if (p.owner) {
      auto full = client_->get_node_pool(p.id);
      if (!full && full.error().code == ErrorCode::NotFound) continue;  // deleted meanwhile
      if (!full) return full.error().with_context("reading oke node pool " + p.id);
      if (state_of(full->body) == "DELETED") continue;
      p = to_node_pool(full->body, full->etag);
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::string> OkeProvider::id_for_name(const std::string& name) {
  auto summaries = client_->list_node_pools();
  if (!summaries) return summaries.error();
  std::string theirs;
  for (const auto& s : *summaries) {
    if (state_of(s) == "DELETED" || s.value("name", std::string()) != name) continue;
    NodePool p = to_node_pool(s);
    if (p.owner) return p.id;  // names are not unique: ours wins
    if (theirs.empty()) theirs = p.id;
  }
  if (theirs.empty()) return fail(ErrorCode::NotFound, "no oke node pool named " + name);
  return theirs;
}

Result<Tagged> OkeProvider::fetch(const std::string& id_or_name) {
  std::string id = id_or_name;
  if (!is_ocid(id)) {
    auto found = id_for_name(id_or_name);
    if (!found) return found.error();
    id = *found;
  }
  auto t = client_->get_node_pool(id);
  if (!t) return t.error();
  // OKE keeps deleted pools readable for a while; for us they are gone.
  if (state_of(t->body) == "DELETED") return fail(ErrorCode::NotFound, "oke node pool " + id + " is DELETED");
  return t;
}

Result<NodePool> OkeProvider::get(const std::string& id) {
  auto t = fetch(id);
  if (!t) return t.error().with_context("reading oke node pool " + id);
  return to_node_pool(t->body, t->etag);
}

Result<Operation> OkeProvider::create(const NodePoolSpec& spec) {
  const std::string what = "creating oke node pool " + spec.name;
  // Refuse what OKE cannot express before any call, Identity included.
  if (auto st = check_expressible(spec); !st) return st.error().with_context(what);
  NodePoolSpec placed = spec;
  if (placed.zones.empty()) {
    // "Empty lets the operator choose": every AD of the region, one
    // placementConfig each (what the OKE console and the terraform examples
    // do), and OKE spreads the nodes across them.
    auto ads = availability_domains();
    if (!ads) return ads.error().with_context(what);
    placed.zones = *ads;
  }
  auto details = create_details(placed, settings_);
  if (!details) return details.error().with_context(what);
  return started(client_->create_node_pool(*details, retry_token(spec.owner, *details)), "create", spec.name, what);
}

Result<Operation> OkeProvider::resize(const NodePool& pool, int nodes) {
  std::string what = "resizing oke node pool " + pool.name;
  if (nodes < 0) return Error(ErrorCode::InvalidArgument, "node count must not be negative").with_context(what);
  // The PUT carries the pool's own placementConfigs, so read-modify-write
  // under the etag of this read.
  auto t = fetch(pool.id.empty() ? pool.name : pool.id);
  if (!t) return t.error().with_context(what);
  std::string id = t->body.value("id", pool.id);
  return started(client_->update_node_pool(id, resize_details(t->body, nodes), t->etag), "resize", pool.name, what);
}

Result<Operation> OkeProvider::set_autoscaling(const NodePool& pool, bool, int, int) {
  return Error(ErrorCode::InvalidArgument,
               "OKE node pools have no autoscaling in the API; run the Cluster Autoscaler add-on instead")
      .with_context("autoscaling oke node pool " + pool.name);
}

Result<Operation> OkeProvider::remove(const NodePool& pool) {
  std::string what = "deleting oke node pool " + pool.name;
  Operation gone{"", "delete", pool.name, true};
  if (pool.state == "DELETED") return gone;
  std::string id = pool.id;
  if (!is_ocid(id)) {
    auto found = id_for_name(pool.name);
    if (!found && found.error().code == ErrorCode::NotFound) return gone;
    if (!found) return found.error().with_context(what);
    id = *found;
  }
  auto wr = client_->delete_node_pool(id, pool.etag);
  if (!wr && wr.error().code == ErrorCode::NotFound) return gone;
  return started(wr, "delete", pool.name, what);
}

Result<OperationStatus> OkeProvider::poll(const Operation& op) {
  if (op.done) return OperationStatus{true, std::nullopt};
  auto wr = client_->get_work_request(op.id);
  if (!wr) return wr.error().with_context("polling oke work request " + op.id);
  std::string status = wr->value("status", std::string());
  if (status == "SUCCEEDED") return OperationStatus{true, std::nullopt};
  if (status != "FAILED" && status != "CANCELED") return OperationStatus{false, std::nullopt};
  auto errors = client_->list_work_request_errors(op.id);
  if (!errors) return errors.error().with_context("reading errors of oke work request " + op.id);
  return OperationStatus{true, map_work_request_failure(*wr, *errors)};
}

}  // namespace gpupool::cloud::oke
