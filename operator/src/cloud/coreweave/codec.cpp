#include "cloud/coreweave/codec.h"

#include "cloud/coreweave/errors.h"
#include "cloud/coreweave/instance_types.h"
#include "cloud/ownership.h"

namespace gpupool::cloud::coreweave {

namespace {
using nlohmann::json;

int int_at(const json& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj[key].is_number_integer() ? obj[key].get<int>() : 0;
}

const json& section(const json& obj, const char* key) {
  static const json kEmpty = json::object();
  return obj.is_object() && obj.contains(key) && obj[key].is_object() ? obj[key] : kEmpty;
}

std::string str_at(const json& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj[key].is_string() ? obj[key].get<std::string>() : "";
}

std::map<std::string, std::string> string_map(const json& obj) {
  std::map<std::string, std::string> out;
  if (obj.is_object())
    for (const auto& [k, v] : obj.items())
      if (v.is_string()) out[k] = v.get<std::string>();
  return out;
}

// The pool's own word for its state: Deleting, else the AtTarget reason.
std::string state_of(const json& pool) {
  if (!str_at(section(pool, "metadata"), "deletionTimestamp").empty()) return "Deleting";
  auto at = fresh_condition(pool, "AtTarget");
  return at && !at->reason.empty() ? at->reason : "Pending";
}

std::optional<Error> error_of(const json& pool, const std::string& name) {
  for (const char* type : {"Validated", "AtTarget"}) {
    auto c = fresh_condition(pool, type);
    if (!c || c->status != "False") continue;
    if (auto kind = exhausted_kind(c->reason, c->message)) return condition_error(*kind, name, c->reason, c->message);
  }
  return std::nullopt;
}
}  // namespace

const kube::ResourceRef& nodepools() {
  static const kube::ResourceRef r{"compute.coreweave.com", "v1alpha1", "nodepools", false};
  return r;
}

json nodepool_manifest(const NodePoolSpec& spec, int target_nodes) {
  json taints = json::array();
  for (const auto& t : spec.taints) {
    json taint = {{"key", t.key}, {"effect", t.effect}};
    if (!t.value.empty()) taint["value"] = t.value;
    taints.push_back(taint);
  }
  json s = {{"computeClass", "default"},
            {"instanceType", spec.machine_type},
            {"targetNodes", target_nodes},
            {"autoscaling", spec.autoscaling}};
  if (spec.autoscaling) {
    s["minNodes"] = spec.min_nodes;
    s["maxNodes"] = spec.max_nodes;
  }
  if (!spec.labels.empty()) s["nodeLabels"] = spec.labels;
  if (!taints.empty()) s["nodeTaints"] = taints;
  return {{"apiVersion", nodepools().api_version()},
          {"kind", "NodePool"},
          {"metadata", {{"name", spec.name}, {"labels", ownership_tags("CoreWeave", spec.owner)}}},
          {"spec", s}};
}

int target_nodes(const json& pool) {
  const json& spec = section(pool, "spec");
  if (spec.contains("targetRacks")) return int_at(spec, "targetRacks") * kRackNodes;
  return int_at(spec, "targetNodes");
}

int current_nodes(const json& pool) { return int_at(section(pool, "status"), "currentNodes"); }

std::optional<Condition> fresh_condition(const json& pool, const std::string& type) {
  const json& status = section(pool, "status");
  if (!status.contains("conditions") || !status["conditions"].is_array()) return std::nullopt;
  const long generation = section(pool, "metadata").value("generation", 0L);
  for (const auto& c : status["conditions"]) {
    if (!c.is_object() || str_at(c, "type") != type) continue;
    if (c.contains("observedGeneration") && c["observedGeneration"].is_number_integer() &&
        c["observedGeneration"].get<long>() != generation)
      return std::nullopt;
    return Condition{type, str_at(c, "status"), str_at(c, "reason"), str_at(c, "message")};
  }
  return std::nullopt;
}

NodePool parse_nodepool(const json& pool) {
  const json& meta = section(pool, "metadata");
  const json& spec = section(pool, "spec");
  NodePool p;
  p.id = p.name = str_at(meta, "name");
  p.machine_type = str_at(spec, "instanceType");
  p.desired_nodes = target_nodes(pool);
  // currentNodes counts booted and registered Nodes: the ones ready for work.
  p.current_nodes = p.ready_nodes = current_nodes(pool);
  p.autoscaling = spec.value("autoscaling", false);
  p.min_nodes = int_at(spec, "minNodes");
  p.max_nodes = int_at(spec, "maxNodes");
  p.owner = owner_from_tags(string_map(section(meta, "labels")));
  p.state = state_of(pool);
  p.error = error_of(pool, p.name);
  p.etag = str_at(meta, "resourceVersion");
  return p;
}

}  // namespace gpupool::cloud::coreweave
