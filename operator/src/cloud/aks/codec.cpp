#include "cloud/aks/codec.h"

#include <algorithm>
#include <cctype>

#include "cloud/aks/errors.h"
#include "cloud/ownership.h"

namespace gpupool::cloud::aks {

namespace {
using nlohmann::json;

bool valid_pool_name(const std::string& n) {
  if (n.empty() || n.size() > 12 || !std::islower(static_cast<unsigned char>(n[0]))) return false;
  return std::all_of(n.begin(), n.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
  });
}

Result<json> taints(const std::vector<Taint>& list) {
  json out = json::array();
  for (const auto& t : list) {
    if (t.effect != "NoSchedule" && t.effect != "PreferNoSchedule" && t.effect != "NoExecute")
      return fail(ErrorCode::InvalidArgument, "taint " + t.key + ": effect must be NoSchedule, PreferNoSchedule or NoExecute");
    out.push_back(t.key + (t.value.empty() ? "" : "=" + t.value) + ":" + t.effect);
  }
  return out;
}

void capacity(json& p, const NodePoolSpec& spec) {
  p["scaleSetPriority"] = spec.capacity_type == CapacityType::Spot ? "Spot" : "Regular";
  if (spec.capacity_type == CapacityType::Spot) {
    p["scaleSetEvictionPolicy"] = "Delete";
    p["spotMaxPrice"] = -1;  // pay up to the on-demand price, never evicted for price
  }
  if (spec.capacity_type == CapacityType::Reserved) p["capacityReservationGroupID"] = spec.reservation;
}

Status check(const NodePoolSpec& spec) {
  if (!valid_pool_name(spec.name))
    return fail(ErrorCode::InvalidArgument, "aks pool name " + spec.name + ": 1-12 lowercase letters/digits, starting with a letter");
  auto gpus = gpus_per_node(spec.machine_type);
  if (!gpus && spec.machine_type.rfind("Standard_", 0) != 0)
    return fail(ErrorCode::InvalidArgument, "unknown Azure VM size " + spec.machine_type);
  if (gpus && spec.gpus_per_node > 0 && *gpus != spec.gpus_per_node)
    return fail(ErrorCode::InvalidArgument, spec.machine_type + " has " + std::to_string(*gpus) + " GPUs per node, not " +
                                                std::to_string(spec.gpus_per_node));
  if (spec.capacity_type == CapacityType::Reserved && spec.reservation.empty())
    return fail(ErrorCode::InvalidArgument, "reserved capacity needs a capacity reservation group id");
  if (spec.node_count < 0 || spec.node_count > 1000) return fail(ErrorCode::InvalidArgument, "count must be 0-1000");
  return ok();
}

// Type-checked reads: a malformed answer yields defaults, never an exception.
int int_or(const json& j, const char* key, int fallback) {
  return j.contains(key) && j[key].is_number_integer() ? j[key].get<int>() : fallback;
}
std::string str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
const json& obj(const json& j, const char* key) {
  static const json empty = json::object();
  return j.is_object() && j.contains(key) && j[key].is_object() ? j[key] : empty;
}
}  // namespace

std::optional<int> gpus_per_node(const std::string& vm_size) {
  static const std::pair<const char*, int> kSizes[] = {
      {"Standard_ND96isr_H100_v5", 8},  {"Standard_ND96isr_H200_v5", 8},  {"Standard_ND96asr_v4", 8},
      {"Standard_ND96amsr_A100_v4", 8}, {"Standard_NC40ads_H100_v5", 1},  {"Standard_NC80adis_H100_v5", 2},
      {"Standard_NCC40ads_H100_v5", 1}, {"Standard_NC24ads_A100_v4", 1},  {"Standard_NC48ads_A100_v4", 2},
      {"Standard_NC96ads_A100_v4", 4},  {"Standard_NV36ads_A10_v5", 1},   {"Standard_NV36adms_A10_v5", 1},
      {"Standard_NV72ads_A10_v5", 2},   {"Standard_ND128isr_NDR_GB200_v6", 4}, {"Standard_ND96isr_MI300X_v5", 8}};
  for (const auto& [name, gpus] : kSizes)
    if (vm_size == name) return gpus;
  return std::nullopt;
}

Result<json> put_body(const NodePoolSpec& spec) {
  if (auto s = check(spec); !s) return s.error();
  auto t = taints(spec.taints);
  if (!t) return t.error();
  json p = {{"count", spec.node_count},       {"vmSize", spec.machine_type}, {"mode", "User"},
            {"osType", "Linux"},              {"type", "VirtualMachineScaleSets"},
            {"enableAutoScaling", spec.autoscaling}};
  if (spec.autoscaling) {
    p["minCount"] = spec.min_nodes;
    p["maxCount"] = spec.max_nodes;
  }
  if (!spec.zones.empty()) p["availabilityZones"] = spec.zones;
  capacity(p, spec);
  p["nodeLabels"] = spec.labels;
  p["nodeTaints"] = *t;
  p["tags"] = ownership_tags("AKS", spec.owner);
  return json{{"properties", p}};
}

json writable(const json& pool) {
  json p = obj(pool, "properties");
  for (const char* ro : {"provisioningState", "powerState", "eTag", "currentOrchestratorVersion", "nodeImageVersion",
                         "status", "nodeImageVersionInfo"})
    p.erase(ro);
  return json{{"properties", p}};
}

bool transitional_state(const std::string& s) {
  return s != "Succeeded" && s != "Failed" && s != "Canceled" && !s.empty();
}

NodePool parse_pool(const json& ap) {
  const json& p = obj(ap, "properties");
  NodePool n;
  n.id = n.name = str(ap, "name");
  n.machine_type = str(p, "vmSize");
  n.desired_nodes = int_or(p, "count", 0);
  n.autoscaling = p.contains("enableAutoScaling") && p["enableAutoScaling"].is_boolean() && p["enableAutoScaling"].get<bool>();
  n.min_nodes = int_or(p, "minCount", 0);
  n.max_nodes = int_or(p, "maxCount", 0);
  if (p.contains("availabilityZones") && p["availabilityZones"].is_array())
    for (const auto& z : p["availabilityZones"])
      if (z.is_string()) n.zones.push_back(z.get<std::string>());
  std::map<std::string, std::string> tags;
  for (const auto& [k, v] : obj(p, "tags").items())
    if (v.is_string()) tags[k] = v.get<std::string>();
  n.owner = owner_from_tags(tags);
  n.state = str(p, "provisioningState");
  n.etag = str(p, "eTag");
  if (n.etag.empty()) n.etag = str(ap, "etag");
  std::string power = str(obj(p, "powerState"), "code");
  if (n.state == "Succeeded" && (power.empty() || power == "Running")) n.current_nodes = n.ready_nodes = n.desired_nodes;
  if (n.state == "Failed")
    n.error = map_async_error(parse_error_object(obj(obj(p, "status"), "provisioningError")), "Failed");
  return n;
}

}  // namespace gpupool::cloud::aks
