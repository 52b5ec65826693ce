#include "sim/gke/pool_routes.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "sim/gke/enums.h"
#include "sim/gke/google_error.h"

namespace gpupool::sim::gke {

namespace {
bool valid_pool_name(const std::string& n) {
  if (n.empty() || n.size() > 40 || !std::islower(static_cast<unsigned char>(n[0])) || n.back() == '-') return false;
  return std::all_of(n.begin(), n.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-';
  });
}

// int32 fields are JSON numbers; int64 ones (acceleratorCount) strings. Accept both.
std::optional<long> as_int(const json& j) {
  if (j.is_number_integer()) return j.get<long>();
  if (!j.is_string() || j.get<std::string>().empty()) return std::nullopt;
  const auto& s = j.get<std::string>();
  if (!std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) return std::nullopt;
  return std::stol(s);
}

std::string units(int n) { return std::to_string(n) + ".0"; }

HttpResponse op_response(const json& j) {
  auto r = HttpResponse::json(200, j.dump());
  r.headers = {{"Content-Type", "application/json; charset=UTF-8"}};
  return r;
}

// Validates config.accelerators against the machine and rewrites them with
// acceleratorCount as a string; "" when fine, else the error text.
std::string normalize_accelerators(json& cfg, const std::optional<MachineInfo>& m, const std::string& machine_type) {
  if (!cfg.contains("accelerators") || cfg["accelerators"].empty()) {
    if (m) cfg["accelerators"] = json::array({{{"acceleratorType", m->accelerator}, {"acceleratorCount", std::to_string(m->gpus)}}});
    return "";
  }
  if (!cfg["accelerators"].is_array()) return "Invalid value at 'node_pool.config.accelerators'";
  for (auto& a : cfg["accelerators"]) {
    // GCC 12 warns on optional<long> here; a sentinel keeps it quiet.
    long count = a.contains("acceleratorCount") ? as_int(a["acceleratorCount"]).value_or(-1) : -1;
    std::string type = a.value("acceleratorType", std::string());
    if (count < 0) return "Invalid value at 'node_pool.config.accelerators[0].accelerator_count'";
    if (m && (type != m->accelerator || count != m->gpus))
      return "Accelerator type \"" + type + "\" with count " + std::to_string(count) +
             " is not supported for machine type \"" + machine_type + "\"; it comes with " +
             std::to_string(m->gpus) + " x " + m->accelerator + ".";
    a["acceleratorCount"] = std::to_string(count);
  }
  return "";
}

std::string check_autoscaling(const json& as) {
  if (!as.is_object()) return "";
  bool zonal = as.contains("minNodeCount") || as.contains("maxNodeCount");
  bool total = as.contains("totalMinNodeCount") || as.contains("totalMaxNodeCount");
  if (zonal && total) return "Autoscaling: per-zone and total node count limits are mutually exclusive.";
  if (!as.value("enabled", false)) return "";
  long mn = as_int(as.value(total ? "totalMinNodeCount" : "minNodeCount", json(0))).value_or(0);
  long mx = as_int(as.value(total ? "totalMaxNodeCount" : "maxNodeCount", json(0))).value_or(0);
  if (mx < mn || mx <= 0) return "Autoscaling: max node count must be positive and at least the min node count.";
  return "";
}
}  // namespace

std::string PoolRoutes::resource(const std::string& pool) const {
  const auto& o = sim.opts;
  return "projects/" + o.project + "/locations/" + o.location + "/clusters/" + o.cluster + "/nodePools/" + pool;
}

std::optional<HttpResponse> PoolRoutes::busy(const std::string& pool) const {
  std::vector<const Op*> running;
  for (const auto& [n, op] : sim.ops)
    if (!op.applied) running.push_back(&op);
  if (running.empty()) return std::nullopt;
  bool same_pool = std::any_of(running.begin(), running.end(), [&](const Op* op) { return op->pool == pool; });
  if (!sim.opts.exclusive_cluster_ops && !same_pool) {
    if (static_cast<int>(running.size()) < sim.opts.max_concurrent_ops) return std::nullopt;
    return google_error(429, "RESOURCE_EXHAUSTED", "rateLimitExceeded",
                        "Too many operations: cluster \"" + sim.opts.cluster + "\" hits the concurrent operations quota " +
                            std::to_string(sim.opts.max_concurrent_ops) + ", please try again later.");
  }
  return google_error(400, "FAILED_PRECONDITION", "failedPrecondition",
                      "Cluster is running incompatible operation " + running.front()->name + ".");
}

Op& PoolRoutes::start_op(const std::string& type, const std::string& pool) {
  auto now = sim.world.clock().now();
  auto t = sim.world.provisioning_time();
  auto wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(sim.world.clock().wall_now().time_since_epoch());
  Op op;
  // Bare ids like "operation-1796032546099-579b9adb"; a sequence keeps them unique.
  op.name = "operation-" + std::to_string(wall_ms.count() + sim.op_seq++) + "-" + random_hex(4);
  op.type = type;
  op.pool = pool;
  op.start = now;
  op.running_at = now + t / 10;
  op.done_at = now + t;
  op.start_time = rfc3339(sim.world.clock().wall_now());
  return sim.ops[op.name] = op;
}

void PoolRoutes::add_instances(Pool& p, const std::string& zone, int n, const std::vector<TimePoint>& ready,
                               std::size_t& next) {
  auto& list = p.instances[zone];
  for (int i = 0; i < n; ++i) {
    std::string name = sim.igm_name(p);
    name = name.substr(0, name.size() - 4) + "-" + random_hex(2);  // "...-grp" -> "...-1a2b"
    list.push_back({name, next < ready.size() ? ready[next++] : sim.world.clock().now(), false});
  }
}

std::optional<Failure> PoolRoutes::admit(const Pool& p, int per_zone, std::optional<HttpResponse>* sync_quota) {
  int total = per_zone * static_cast<int>(p.zones.size());
  cloud::AdmitRequest req{"GKE", sim.region(), p.machine_type, p.name, sim.opts.cluster, total, {{p.machine_type, total}}};
  if (p.machine) req.quota_usage[(p.spot ? "PREEMPTIBLE_" : "") + p.machine->quota_metric] = total * p.machine->gpus;
  auto r = sim.world.admit(req);
  if (r.admission == cloud::Admission::Ok) return std::nullopt;
  if (r.admission == cloud::Admission::Stockout)
    return Failure{8, "GCE_STOCKOUT",
                   "Try a different location, or try again later: Google Compute Engine does not have enough "
                   "resources available to fulfill request: " + p.zones.front() + "."};
  int want = req.quota_usage[r.quota_key];
  if (sync_quota) {
    // Node-pool creation pre-checks regional quota and answers 403 at once.
    *sync_quota = google_error(
        403, "PERMISSION_DENIED", "forbidden",
        "Insufficient regional quota to satisfy request: resource \"" + r.quota_key + "\": request requires '" +
            units(want) + "' and is short '" + units(r.used + want - r.limit) + "'. project has a quota of '" +
            units(r.limit) + "' with '" + units(std::max(0, r.limit - r.used)) +
            "' available. View and manage quotas at https://console.cloud.google.com/iam-admin/quotas?usage=USED&project=" +
            sim.opts.project + ".");
    return std::nullopt;
  }
  return Failure{8, "GCE_QUOTA_EXCEEDED",
                 "Quota '" + r.quota_key + "' exceeded. Limit: " + units(r.limit) + " in region " + sim.region() + "."};
}

namespace {
// Builds the pool from a CreateNodePoolRequest.nodePool; "" or an error text.
std::string parse_new_pool(json np, const GkeSim::Impl& sim, Pool& p) {
  enums_to_names(np);
  p.name = np.value("name", std::string());
  if (!valid_pool_name(p.name))
    return "Invalid node pool name \"" + p.name + "\": must be 1-40 lowercase letters, digits or hyphens, starting with a letter.";
  if (!np.contains("config") || !np["config"].is_object()) np["config"] = json::object();
  json& cfg = np["config"];
  p.machine_type = cfg.value("machineType", std::string("e2-medium"));
  cfg["machineType"] = p.machine_type;
  p.machine = machine_info(p.machine_type);
  if (auto e = normalize_accelerators(cfg, p.machine, p.machine_type); !e.empty()) return e;
  p.spot = cfg.value("spot", false) || cfg.value("preemptible", false);
  p.zones = sim.opts.zones;
  if (np.contains("locations") && np["locations"].is_array() && !np["locations"].empty())
    p.zones = np["locations"].get<std::vector<std::string>>();
  for (const auto& z : p.zones)
    if (z.rfind(sim.region() + "-", 0) != 0) return "Location \"" + z + "\" is not a zone of " + sim.region() + ".";
  auto initial = np.contains("initialNodeCount") ? as_int(np["initialNodeCount"]) : std::optional<long>(0);
  if (!initial || *initial < 0 || *initial > 1000) return "initial_node_count must be between 0 and 1000.";
  np["initialNodeCount"] = *initial;
  p.per_zone = static_cast<int>(*initial);
  if (auto e = check_autoscaling(np.value("autoscaling", json())); !e.empty()) return e;
  p.spec = std::move(np);
  return "";
}
}  // namespace

HttpResponse PoolRoutes::create(const HttpRequest& req) {
  json body = json::parse(req.body, nullptr, false);
  if (!body.is_object() || !body.contains("nodePool") || !body["nodePool"].is_object())
    return invalid_argument("Invalid JSON payload received. Expected {\"nodePool\": {...}}.");
  Pool p;
  if (auto e = parse_new_pool(body["nodePool"], sim, p); !e.empty()) return invalid_argument(e);
  if (sim.pools.count(p.name)) return already_exists(resource(p.name));
  if (auto b = busy(p.name)) return *b;
  std::optional<HttpResponse> quota;
  auto failure = admit(p, p.per_zone, &quota);
  if (quota) return *quota;
  p.created_by = identity;
  p.igm_suffix = random_hex(4);
  Op& op = start_op("CREATE_NODE_POOL", p.name);
  op.failure = failure;
  if (!failure) {
    auto ready = sim.world.ready_schedule(p.per_zone * static_cast<int>(p.zones.size()));
    std::size_t next = 0;
    for (const auto& z : p.zones) add_instances(p, z, p.per_zone, ready, next);
  }
  sim.report(sim.pools[p.name] = p);
  return op_response(sim.render_op(op, int_enums));
}

HttpResponse PoolRoutes::set_size(const std::string& name, const HttpRequest& req) {
  json body = json::parse(req.body, nullptr, false);
  auto n = body.is_object() && body.contains("nodeCount") ? as_int(body["nodeCount"]) : std::nullopt;
  if (!n || *n < 0 || *n > 1000) return invalid_argument("node_count must be between 0 and 1000.");
  auto it = sim.pools.find(name);
  if (it == sim.pools.end()) return not_found(resource(name));
  if (auto b = busy(name)) return *b;
  Pool& p = it->second;
  int target = static_cast<int>(*n);
  auto failure = admit(p, target, nullptr);
  Op& op = start_op("SET_NODE_POOL_SIZE", name);
  op.failure = failure;
  if (!failure) {
    int grow = 0;
    for (const auto& z : p.zones) {
      auto live = std::count_if(p.instances[z].begin(), p.instances[z].end(), [](const Instance& i) { return !i.deleting; });
      grow += std::max(0, target - static_cast<int>(live));
    }
    auto ready = sim.world.ready_schedule(grow);
    std::size_t next = 0;
    for (const auto& z : p.zones) {
      auto& list = p.instances[z];
      int live = static_cast<int>(std::count_if(list.begin(), list.end(), [](const Instance& i) { return !i.deleting; }));
      if (target > live) add_instances(p, z, target - live, ready, next);
      for (auto r = list.rbegin(); r != list.rend() && live > target; ++r)
        if (!r->deleting) r->deleting = true, --live;
    }
    p.per_zone = target;
  }
  p.status = "RECONCILING";
  ++p.version;
  sim.report(p);
  return op_response(sim.render_op(op, int_enums));
}

HttpResponse PoolRoutes::set_autoscaling(const std::string& name, const HttpRequest& req) {
  json body = json::parse(req.body, nullptr, false);
  if (!body.is_object() || !body.contains("autoscaling") || !body["autoscaling"].is_object())
    return invalid_argument("Invalid JSON payload received. Expected {\"autoscaling\": {...}}.");
  json wrapper = {{"autoscaling", body["autoscaling"]}};
  enums_to_names(wrapper);
  if (auto e = check_autoscaling(wrapper["autoscaling"]); !e.empty()) return invalid_argument(e);
  auto it = sim.pools.find(name);
  if (it == sim.pools.end()) return not_found(resource(name));
  if (auto b = busy(name)) return *b;
  it->second.spec["autoscaling"] = wrapper["autoscaling"];
  it->second.status = "RECONCILING";
  ++it->second.version;
  sim.report(it->second);  // /state shows the new bounds as GET nodePool does
  Op& op = start_op("UPDATE_CLUSTER", name);
  return op_response(sim.render_op(op, int_enums));
}

HttpResponse PoolRoutes::remove(const std::string& name) {
  auto it = sim.pools.find(name);
  if (it == sim.pools.end()) return not_found(resource(name));
  if (auto b = busy(name)) return *b;
  Pool& p = it->second;
  p.status = "STOPPING";
  for (auto& [z, list] : p.instances)
    for (auto& i : list) i.deleting = true;
  ++p.version;
  sim.report(p);
  Op& op = start_op("DELETE_NODE_POOL", name);
  return op_response(sim.render_op(op, int_enums));
}

}  // namespace gpupool::sim::gke
