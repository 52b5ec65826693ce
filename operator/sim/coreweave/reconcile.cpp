// NodePoolController: the per-pool part of a pass (see controller.h).
#include <algorithm>

#include "sim/coreweave/controller.h"
#include "sim/coreweave/nodepool_crd.h"
#include "sim/coreweave/pool_status.h"
#include "sim/coreweave/pool_step.h"

namespace gpupool::sim::coreweave {

namespace {
using nlohmann::json;

std::string meta_str(const json& obj, const char* key) {
  const json& m = obj.value("metadata", json::object());
  return m.contains(key) && m[key].is_string() ? m[key].get<std::string>() : "";
}

int int_field(const json& o, const char* key, int fallback = 0) {
  return o.is_object() && o.contains(key) && o[key].is_number_integer() ? o[key].get<int>() : fallback;
}

// targetRacks counts whole NVL72 racks.
int target_nodes(const json& spec) {
  if (spec.contains("targetRacks")) return int_field(spec, "targetRacks") * kRackNodes;
  return int_field(spec, "targetNodes");
}

std::map<std::string, std::string> labels_of(const json& obj) {
  std::map<std::string, std::string> out;
  const json& m = obj.value("metadata", json::object());
  if (m.contains("labels") && m["labels"].is_object())
    for (const auto& [k, v] : m["labels"].items())
      if (v.is_string()) out[k] = v.get<std::string>();
  return out;
}

json finalizers_of(const json& obj) {
  const json& m = obj.value("metadata", json::object());
  return m.contains("finalizers") && m["finalizers"].is_array() ? m["finalizers"] : json::array();
}

std::string pool_path(const json& obj) { return std::string(kNodePoolsPath) + "/" + meta_str(obj, "name"); }
}  // namespace

void NodePoolController::reconcile(const json& obj) {
  if (!meta_str(obj, "deletionTimestamp").empty()) return finish_delete(obj);
  if (ensure_finalizer(obj) || clamp_autoscaled_target(obj)) return;  // the next pass sees the new object
  const json spec = obj.value("spec", json::object());
  const std::string name = meta_str(obj, "name"), type = spec.value("instanceType", "");
  Pool& pool = pools_[meta_str(obj, "uid")];
  pool.name = name;
  StepInput in;
  in.target = target_nodes(spec);
  in.idle_only = spec.value("lifecycle", json::object()).value("scaleDownStrategy", "IdleOnly") == "IdleOnly";
  in.busy_nodes = busy_;
  in.capacity_room = capacity_room(name, type, in.target);
  in.quota_message = quota_message(name, type, in.target);
  in.instance_type = type;
  in.zone = opts_.zone;
  in.now = world_.clock().now();
  in.provisioning = world_.provisioning_time();
  StepOutcome out = step_pool(pool.ready_at, in);
  const json old_status = obj.value("status", json::object());
  json status = pool_status(old_status, out, obj["metadata"].value("generation", 0L), world_.clock().wall_now());
  if (status != old_status) call("PATCH", pool_path(obj) + "/status", {{"status", status}});
  report(obj, pool, out.reason);
}

void NodePoolController::finish_delete(const json& obj) {
  // Nodes are released at once; then our finalizer goes and the object with it.
  world_.remove_pool(kProvider, opts_.cluster_id, meta_str(obj, "name"));
  pools_.erase(meta_str(obj, "uid"));
  json rest = json::array();
  for (const auto& f : finalizers_of(obj))
    if (f != kFinalizer) rest.push_back(f);
  if (rest.size() != finalizers_of(obj).size())
    call("PATCH", pool_path(obj), {{"metadata", {{"finalizers", rest.empty() ? json(nullptr) : rest}}}});
}

bool NodePoolController::ensure_finalizer(const json& obj) {
  json f = finalizers_of(obj);
  if (std::find(f.begin(), f.end(), json(kFinalizer)) != f.end()) return false;
  f.push_back(kFinalizer);
  return call("PATCH", pool_path(obj), {{"metadata", {{"finalizers", f}}}}).status == 200;
}

bool NodePoolController::clamp_autoscaled_target(const json& obj) {
  const json spec = obj.value("spec", json::object());
  if (!spec.value("autoscaling", false) || !spec.contains("targetNodes")) return false;
  int t = int_field(spec, "targetNodes");
  int lo = int_field(spec, "minNodes", 0), hi = int_field(spec, "maxNodes", t);
  int clamped = std::clamp(t, lo, std::max(lo, hi));
  if (clamped == t) return false;
  return call("PATCH", pool_path(obj), {{"spec", {{"targetNodes", clamped}}}}).status == 200;
}

int NodePoolController::capacity_room(const std::string& name, const std::string& type, int target) const {
  cloud::AdmitRequest req{kProvider, opts_.zone, type, name, opts_.cluster_id, target, {}};
  auto r = world_.admit(req);
  return r.admission == cloud::Admission::Stockout ? std::max(0, r.limit - r.used) : target;
}

std::string NodePoolController::quota_message(const std::string& name, const std::string& type, int target) const {
  // Quota is per instance type, counted in nodes (gpu-catalogue.md §3.4).
  cloud::AdmitRequest req{kProvider, opts_.zone, type, name, opts_.cluster_id, 0, {{type, target}}};
  auto r = world_.admit(req);
  if (r.admission != cloud::Admission::Quota) return "";
  return "requested " + std::to_string(target) + " nodes of " + type + " exceeds the organization quota of " +
         std::to_string(r.limit) + " (" + std::to_string(r.used) + " in use by other node pools)";
}

void NodePoolController::report(const json& obj, Pool& pool, const std::string& state) {
  cloud::PoolRecord r;
  r.provider = kProvider;
  r.cluster = opts_.cluster_id;
  r.id = r.name = pool.name;
  r.region = opts_.zone;
  r.machine_type = obj["spec"].value("instanceType", "");
  r.node_count = static_cast<int>(pool.ready_at.size());
  r.ready_at = pool.ready_at;
  r.labels = labels_of(obj);
  r.quota_usage = {{r.machine_type, r.node_count}};
  r.created_by = opts_.identity;
  r.state = state;
  // Bounds as stored in spec; resourceVersion in the summary covers their changes.
  const json spec = obj.value("spec", json::object());
  r.autoscaling = spec.value("autoscaling", false);
  if (r.autoscaling) {
    if (spec.contains("minNodes")) r.min_nodes = int_field(spec, "minNodes");
    if (spec.contains("maxNodes")) r.max_nodes = int_field(spec, "maxNodes");
  }
  std::string summary = std::to_string(r.node_count) + "|" + state + "|" + obj["metadata"].value("resourceVersion", "");
  if (summary == pool.reported) return;
  pool.reported = summary;
  world_.upsert_pool(std::move(r));
}

}  // namespace gpupool::sim::coreweave
