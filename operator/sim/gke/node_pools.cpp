// Container v1 node pools and operations of the simulated GKE.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "sim/gke/enums.h"
#include "sim/gke/google_error.h"
#include "sim/gke/sim_impl.h"

namespace gpupool::sim::gke {


// ---- rendering -----------------------------------------------------------------

json GkeSim::Impl::render_pool(const Pool& p, bool int_enums) const {
  json np = p.spec;
  json& cfg = np["config"];
  if (!cfg.contains("diskSizeGb")) cfg["diskSizeGb"] = 100;
  if (!cfg.contains("diskType")) cfg["diskType"] = "pd-balanced";
  if (!cfg.contains("imageType")) cfg["imageType"] = "COS_CONTAINERD";
  np["locations"] = p.zones;
  if (!np.contains("management")) np["management"] = {{"autoUpgrade", true}, {"autoRepair", true}};
  np["selfLink"] = opts.base_url + "/v1/projects/" + opts.project + "/locations/" + opts.location + "/clusters/" +
                   opts.cluster + "/nodePools/" + p.name;
  np["version"] = "1.30.5-gke.1014001";
  json urls = json::array();
  if (p.status != "PROVISIONING" || !p.instances.empty())
    for (const auto& z : p.zones) urls.push_back(igm_url(p, z));
  np["instanceGroupUrls"] = urls;
  np["status"] = p.status;
  if (!p.status_message.empty()) np["statusMessage"] = p.status_message;
  if (!p.conditions.empty()) np["conditions"] = p.conditions;
  np["podIpv4CidrSize"] = 24;
  np["etag"] = std::to_string(p.version);
  if (int_enums) node_pool_enums_to_ints(np);
  return np;
}

json GkeSim::Impl::render_op(const Op& op, bool int_enums) const {
  auto now = world.clock().now();
  std::string status = op.applied ? "DONE" : now < op.running_at ? "PENDING" : "RUNNING";
  std::string loc_path = "/v1/projects/" + opts.project + "/locations/" + opts.location;
  json j = {{"name", op.name},
            {"zone", opts.location},
            {"operationType", op.type},
            {"status", status},
            {"selfLink", opts.base_url + loc_path + "/operations/" + op.name},
            {"targetLink", opts.base_url + loc_path + "/clusters/" + opts.cluster + "/nodePools/" + op.pool},
            {"startTime", op.start_time}};
  if (op.applied) j["endTime"] = op.end_time;
  if (op.applied && op.failure) {
    // Terraform reads statusMessage, newer clients `error`: both are set.
    j["statusMessage"] = op.failure->message;
    j["error"] = {{"code", op.failure->rpc_code}, {"message", op.failure->message}, {"details", json::array()}};
    j["nodepoolConditions"] = json::array(
        {{{"code", op.failure->condition}, {"message", op.failure->message}, {"canonicalCode", "RESOURCE_EXHAUSTED"}}});
  }
  if (int_enums) operation_enums_to_ints(j);
  return j;
}

// ---- world accounting -------------------------------------------------------------

namespace {
// An int32 field as GKE stores it: a JSON number (or a numeric string from
// lenient clients); absent means proto3's default 0.
int count_field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return 0;
  if (it->is_number_integer()) return it->get<int>();
  if (it->is_string()) return std::atoi(it->get<std::string>().c_str());
  return 0;
}

// nodePool.autoscaling: the total* limits when set, else the per-zone ones.
void add_autoscaling(const json& spec, cloud::PoolRecord& r) {
  auto as = spec.find("autoscaling");
  if (as == spec.end() || !as->is_object() || !as->value("enabled", false)) return;
  bool total = as->contains("totalMinNodeCount") || as->contains("totalMaxNodeCount");
  r.autoscaling = true;
  r.min_nodes = count_field(*as, total ? "totalMinNodeCount" : "minNodeCount");
  r.max_nodes = count_field(*as, total ? "totalMaxNodeCount" : "maxNodeCount");
}
}  // namespace

void GkeSim::Impl::report(const Pool& p) {
  cloud::PoolRecord r;
  r.provider = "GKE";
  r.cluster = opts.cluster;
  r.id = r.name = p.name;
  r.region = region();
  r.machine_type = p.machine_type;
  for (const auto& [zone, list] : p.instances)
    for (const auto& i : list)
      if (!i.deleting) {
        ++r.node_count;
        r.ready_at.push_back(i.ready_at);
      }
  r.labels = p.spec["config"].value("resourceLabels", json::object()).get<std::map<std::string, std::string>>();
  r.quota_usage[p.machine_type] = r.node_count;
  if (p.machine) r.quota_usage[(p.spot ? "PREEMPTIBLE_" : "") + p.machine->quota_metric] = r.node_count * p.machine->gpus;
  r.created_by = p.created_by;
  r.state = p.status;
  add_autoscaling(p.spec, r);
  world.upsert_pool(std::move(r));
}

// ---- operation lifecycle ------------------------------------------------------------

namespace {
void finish_create(Pool& p, const Op& op) {
  if (!op.failure) {
    p.status = "RUNNING";
    return;
  }
  bool any = std::any_of(p.instances.begin(), p.instances.end(), [](const auto& z) { return !z.second.empty(); });
  p.status = any ? "RUNNING_WITH_ERROR" : "ERROR";
}

void finish_resize(Pool& p, const Op& op) {
  for (auto& [zone, list] : p.instances)
    std::erase_if(list, [](const Instance& i) { return i.deleting; });
  p.status = op.failure ? "RUNNING_WITH_ERROR" : "RUNNING";
  if (!op.failure) {
    p.status_message.clear();
    p.conditions = json::array();
  }
}
}  // namespace

void GkeSim::Impl::settle() {
  auto now = world.clock().now();
  std::vector<Op*> due;
  for (auto& [name, op] : ops)
    if (!op.applied && op.done_at <= now) due.push_back(&op);
  std::sort(due.begin(), due.end(), [](const Op* a, const Op* b) { return a->done_at < b->done_at; });
  for (Op* op : due) {
    op->applied = true;
    op->end_time = rfc3339(world.clock().wall_now() - std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                                           now - op->done_at));
    auto it = pools.find(op->pool);
    if (it == pools.end()) continue;
    Pool& p = it->second;
    if (op->type == "DELETE_NODE_POOL") {
      pools.erase(it);
      world.remove_pool("GKE", opts.cluster, op->pool);
      continue;
    }
    if (op->type == "CREATE_NODE_POOL") finish_create(p, *op);
    else if (op->type == "SET_NODE_POOL_SIZE") finish_resize(p, *op);
    else p.status = "RUNNING";
    if (op->failure) {
      p.status_message = op->failure->message;
      p.conditions = json::array({{{"code", op->failure->condition}, {"message", op->failure->message}}});
    }
    ++p.version;
    report(p);
  }
}

}  // namespace gpupool::sim::gke
