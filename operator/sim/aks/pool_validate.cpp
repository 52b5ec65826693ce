#include "sim/aks/pool_validate.h"

#include <strings.h>

#include <algorithm>
#include <cctype>

#include "sim/aks/arm_error.h"

namespace gpupool::sim::aks {

namespace {
using nlohmann::json;

HttpResponse invalid(const std::string& message) { return rp_error(400, "InvalidParameter", message); }

bool is_int(const json& p, const char* k) { return p.contains(k) && p[k].is_number_integer(); }
bool present(const json& p, const char* k) { return p.contains(k) && !p[k].is_null(); }

// "key=value:Effect" or "key:Effect".
bool valid_taint(const json& t) {
  if (!t.is_string()) return false;
  const std::string& s = t.get_ref<const std::string&>();
  auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  std::string effect = s.substr(colon + 1);
  return effect == "NoSchedule" || effect == "PreferNoSchedule" || effect == "NoExecute";
}

bool string_map(const json& p, const char* k) {
  if (!present(p, k)) return true;
  if (!p[k].is_object()) return false;
  return std::all_of(p[k].begin(), p[k].end(), [](const json& v) { return v.is_string(); });
}

std::optional<HttpResponse> check_counts(json& p) {
  if (!present(p, "count")) p["count"] = 1;
  if (!is_int(p, "count") || p["count"].get<int>() < 0 || p["count"].get<int>() > 1000)
    return invalid("The value of parameter agentPoolProfile.count is invalid. It must be an integer from 0 to 1000.");
  if (p.value("mode", std::string("User")) == "System" && p["count"].get<int>() < 1)
    return invalid("System agent pools must have at least 1 node.");
  bool autoscale = p.value("enableAutoScaling", false);
  if (!autoscale) {
    if (present(p, "minCount") || present(p, "maxCount"))
      return invalid("The value of minCount and maxCount must be nil when enableAutoScaling is false.");
    return std::nullopt;
  }
  if (!is_int(p, "minCount") || !is_int(p, "maxCount"))
    return invalid("minCount and maxCount are required when enableAutoScaling is true.");
  int mn = p["minCount"], mx = p["maxCount"], n = p["count"];
  if (mn < 0 || mx > 1000 || mn > mx) return invalid("minCount must be less than or equal to maxCount (0-1000).");
  if (n < mn || n > mx) return invalid("count must be between minCount and maxCount when enableAutoScaling is true.");
  return std::nullopt;
}

std::optional<HttpResponse> check_placement(json& p) {
  if (present(p, "availabilityZones")) {
    const json& z = p["availabilityZones"];
    if (!z.is_array() || !std::all_of(z.begin(), z.end(), [](const json& v) {
          return v.is_string() && (v == "1" || v == "2" || v == "3");
        }))
      return invalid("The value of parameter availabilityZones is invalid: zones are the strings \"1\", \"2\", \"3\".");
  }
  if (!string_map(p, "nodeLabels")) return invalid("nodeLabels must map strings to strings.");
  if (present(p, "nodeTaints") && (!p["nodeTaints"].is_array() ||
                                   !std::all_of(p["nodeTaints"].begin(), p["nodeTaints"].end(), valid_taint)))
    return invalid("The value of parameter nodeTaints is invalid: each taint is \"key=value:Effect\" with Effect "
                   "NoSchedule, PreferNoSchedule or NoExecute.");
  if (present(p, "capacityReservationGroupID") &&
      (!p["capacityReservationGroupID"].is_string() ||
       strncasecmp(p["capacityReservationGroupID"].get<std::string>().c_str(), "/subscriptions/", 15) != 0))
    return invalid("The value of parameter capacityReservationGroupID is not a valid resource id.");
  return std::nullopt;
}

// Spot pools: AKS fills eviction policy and price, and adds its own taint and label.
std::optional<HttpResponse> check_priority(json& p) {
  std::string prio = p.value("scaleSetPriority", std::string("Regular"));
  if (prio != "Regular" && prio != "Spot") return invalid("scaleSetPriority must be Regular or Spot.");
  p["scaleSetPriority"] = prio;
  if (prio != "Spot") return std::nullopt;
  if (!present(p, "scaleSetEvictionPolicy")) p["scaleSetEvictionPolicy"] = "Delete";
  if (!present(p, "spotMaxPrice")) p["spotMaxPrice"] = -1;
  if (!p["spotMaxPrice"].is_number() || (p["spotMaxPrice"].get<double>() != -1 && p["spotMaxPrice"].get<double>() <= 0))
    return invalid("spotMaxPrice must be -1 or a positive price.");
  const std::string taint = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule";
  if (!p.contains("nodeTaints") || !p["nodeTaints"].is_array()) p["nodeTaints"] = json::array();
  if (std::find(p["nodeTaints"].begin(), p["nodeTaints"].end(), json(taint)) == p["nodeTaints"].end())
    p["nodeTaints"].push_back(taint);
  if (!p.contains("nodeLabels") || !p["nodeLabels"].is_object()) p["nodeLabels"] = json::object();
  p["nodeLabels"]["kubernetes.azure.com/scalesetpriority"] = "spot";
  return std::nullopt;
}

void fill_defaults(json& p, const std::string& version) {
  const std::pair<const char*, json> defaults[] = {
      {"osDiskSizeGB", 128},        {"osDiskType", "Managed"},   {"kubeletDiskType", "OS"},
      {"maxPods", 30},              {"type", "VirtualMachineScaleSets"}, {"mode", "User"},
      {"osType", "Linux"},          {"osSKU", "Ubuntu"},         {"orchestratorVersion", version},
      {"enableAutoScaling", false}};
  for (const auto& [k, v] : defaults)
    if (!present(p, k)) p[k] = v;
}

std::optional<HttpResponse> immutable(const json& p, const json& old, const char* key) {
  if (old.is_null() || !old.contains(key)) return std::nullopt;
  json a = p.value(key, json()), b = old[key];
  if (key == std::string("vmSize") && a.is_string() && b.is_string() &&
      strcasecmp(a.get<std::string>().c_str(), b.get<std::string>().c_str()) == 0)
    return std::nullopt;
  if (a == b) return std::nullopt;
  return rp_error(400, "PropertyChangeNotAllowed", std::string("Changing property '") + key + "' is not allowed.");
}
}  // namespace

bool valid_pool_name(const std::string& n) {
  if (n.empty() || n.size() > 12 || !std::islower(static_cast<unsigned char>(n[0]))) return false;
  return std::all_of(n.begin(), n.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
  });
}

std::optional<HttpResponse> validate_tags(const json& props) {
  if (!present(props, "tags")) return std::nullopt;
  if (!string_map(props, "tags")) return arm_error(400, "InvalidRequestContent", "tags must map strings to strings.");
  for (const auto& [k, v] : props["tags"].items())
    if (k.find_first_of("<>%&\\?/") != std::string::npos)
      return arm_error(400, "InvalidTagNameCharacters",
                       "The tag names '" + k + "' have reserved characters '<,>,%,&,\\,?,/' or control characters.");
  return std::nullopt;
}

std::optional<HttpResponse> validate_pool(const json& props, const json& existing, const std::string& version,
                                          ValidPool& out) {
  json p = props;
  for (const char* ro : {"provisioningState", "powerState", "eTag", "currentOrchestratorVersion", "nodeImageVersion", "status"})
    p.erase(ro);
  if (!p.contains("vmSize") || !p["vmSize"].is_string()) return invalid("The value of parameter vmSize is required.");
  auto size = find_vm_size(p["vmSize"].get<std::string>());
  if (!size)
    return invalid("The VM size of " + p["vmSize"].get<std::string>() + " is not supported for agent pools in this location.");
  fill_defaults(p, version);
  for (const char* key : {"vmSize", "availabilityZones", "osType"})
    if (auto e = immutable(p, existing, key)) return e;
  if (auto e = check_counts(p)) return e;
  if (auto e = check_placement(p)) return e;
  if (auto e = check_priority(p)) return e;
  out = ValidPool{std::move(p), *size};
  return std::nullopt;
}

}  // namespace gpupool::sim::aks
