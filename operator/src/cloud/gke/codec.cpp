#include "cloud/gke/codec.h"

#include "cloud/gke/machine_types.h"
#include "cloud/ownership.h"

namespace gpupool::cloud::gke {

namespace {
using nlohmann::json;

json accelerators(const NodePoolSpec& spec, std::string& err) {
  auto acc = accelerator_for(spec.machine_type);
  if (!acc) return json::array();  // not a GPU machine we know: let GKE decide
  if (spec.gpus_per_node != 0 && spec.gpus_per_node != acc->count) {
    err = spec.machine_type + " has " + std::to_string(acc->count) + " GPUs per node, not " +
          std::to_string(spec.gpus_per_node);
    return json();
  }
  return json::array({{{"acceleratorType", acc->type},
                       {"acceleratorCount", std::to_string(acc->count)},  // int64: a JSON string
                       {"gpuDriverInstallationConfig", {{"gpuDriverVersion", "LATEST"}}}}});
}

json reservation(const NodePoolSpec& spec) {
  if (spec.capacity_type != CapacityType::Reserved) return {{"consumeReservationType", "NO_RESERVATION"}};
  if (spec.reservation.empty()) return {{"consumeReservationType", "ANY_RESERVATION"}};
  return {{"consumeReservationType", "SPECIFIC_RESERVATION"},
          {"key", "compute.googleapis.com/reservation-name"},
          {"values", json::array({spec.reservation})}};
}

json taints(const NodePoolSpec& spec) {
  json out = json::array();
  for (const auto& t : spec.taints)
    out.push_back({{"key", t.key}, {"value", t.value}, {"effect", gke_taint_effect(t.effect)}});
  return out;
}

std::map<std::string, std::string> string_map(const json& j) {
  std::map<std::string, std::string> out;
  if (!j.is_object()) return out;
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.value().is_string()) out[it.key()] = it.value().get<std::string>();
  return out;
}

int int_field(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return 0;
  const json& v = j[key];
  if (v.is_number_integer()) return v.get<int>();
  if (v.is_string()) return std::atoi(v.get<std::string>().c_str());
  return 0;
}
}  // namespace

std::string gke_taint_effect(const std::string& effect) {
  if (effect == "PreferNoSchedule") return "PREFER_NO_SCHEDULE";
  if (effect == "NoExecute") return "NO_EXECUTE";
  return "NO_SCHEDULE";
}

int per_zone(int total, std::size_t zones) {
  if (zones == 0) return total;
  int z = static_cast<int>(zones);
  return (total + z - 1) / z;
}

Result<json> create_request(const NodePoolSpec& spec, const std::vector<std::string>& zones) {
  std::string err;
  json acc = accelerators(spec, err);
  if (!err.empty()) return fail(ErrorCode::InvalidArgument, err);
  json config = {{"machineType", spec.machine_type},
                 {"accelerators", acc},
                 {"spot", spec.capacity_type == CapacityType::Spot},
                 {"reservationAffinity", reservation(spec)},
                 {"labels", spec.labels},
                 {"resourceLabels", ownership_tags("GKE", spec.owner)},
                 {"taints", taints(spec)}};
  json autoscaling = {{"enabled", spec.autoscaling}};
  if (spec.autoscaling) {
    autoscaling["totalMinNodeCount"] = spec.min_nodes;
    autoscaling["totalMaxNodeCount"] = spec.max_nodes;
    autoscaling["locationPolicy"] = "ANY";
  }
  json pool = {{"name", spec.name},
               {"initialNodeCount", per_zone(spec.node_count, zones.size())},
               {"config", config},
               {"autoscaling", autoscaling}};
  if (!zones.empty()) pool["locations"] = zones;
  return json{{"nodePool", pool}};
}

NodePool parse_node_pool(const json& np) {
  NodePool p;
  p.name = p.id = np.value("name", std::string());
  const json config = np.value("config", json::object());
  p.machine_type = config.value("machineType", std::string());
  if (np.contains("locations") && np["locations"].is_array())
    for (const auto& z : np["locations"])
      if (z.is_string()) p.zones.push_back(z.get<std::string>());
  const json as = np.value("autoscaling", json::object());
  p.autoscaling = as.is_object() && as.value("enabled", false);
  if (p.autoscaling) {
    int zones = static_cast<int>(std::max<std::size_t>(1, p.zones.size()));
    bool total = as.contains("totalMinNodeCount") || as.contains("totalMaxNodeCount");
    p.min_nodes = total ? int_field(as, "totalMinNodeCount") : int_field(as, "minNodeCount") * zones;
    p.max_nodes = total ? int_field(as, "totalMaxNodeCount") : int_field(as, "maxNodeCount") * zones;
  }
  p.owner = owner_from_tags(string_map(config.value("resourceLabels", json::object())));
  if (np.contains("status") && np["status"].is_string()) p.state = np["status"].get<std::string>();
  p.etag = np.value("etag", std::string());
  return p;
}

}  // namespace gpupool::cloud::gke
