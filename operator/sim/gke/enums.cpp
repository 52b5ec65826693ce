#include "sim/gke/enums.h"

#include <string>
#include <vector>

namespace gpupool::sim::gke {

namespace {
using nlohmann::json;
using Names = std::vector<std::string>;  // index = enum number (container v1 protos)

const Names kTaintEffect{"EFFECT_UNSPECIFIED", "NO_SCHEDULE", "PREFER_NO_SCHEDULE", "NO_EXECUTE"};
const Names kReservation{"UNSPECIFIED", "NO_RESERVATION", "ANY_RESERVATION", "SPECIFIC_RESERVATION"};
const Names kLocationPolicy{"LOCATION_POLICY_UNSPECIFIED", "BALANCED", "ANY"};
const Names kDriverVersion{"GPU_DRIVER_VERSION_UNSPECIFIED", "INSTALLATION_DISABLED", "DEFAULT", "LATEST"};
const Names kPoolStatus{"STATUS_UNSPECIFIED", "PROVISIONING",  "RUNNING", "RUNNING_WITH_ERROR",
                        "RECONCILING",        "STOPPING",      "ERROR"};
const Names kOpStatus{"STATUS_UNSPECIFIED", "PENDING", "RUNNING", "DONE", "ABORTING"};
const Names kOpType{"TYPE_UNSPECIFIED", "CREATE_CLUSTER",   "DELETE_CLUSTER",  "UPGRADE_MASTER",
                    "UPGRADE_NODES",    "REPAIR_CLUSTER",   "UPDATE_CLUSTER",  "CREATE_NODE_POOL",
                    "DELETE_NODE_POOL", "SET_NODE_POOL_MANAGEMENT", "AUTO_REPAIR_NODES", "AUTO_UPGRADE_NODES",
                    "SET_LABELS",       "SET_MASTER_AUTH",  "SET_NODE_POOL_SIZE"};
const Names kConditionCode{"UNKNOWN", "GCE_STOCKOUT", "GKE_SERVICE_ACCOUNT_DELETED", "GCE_QUOTA_EXCEEDED",
                           "SET_BY_OPERATOR"};

void to_name(json& v, const Names& names) {
  if (v.is_number_integer()) {
    auto i = v.get<long>();
    if (i >= 0 && i < static_cast<long>(names.size())) v = names[static_cast<std::size_t>(i)];
  }
}

void to_int(json& v, const Names& names) {
  if (!v.is_string()) return;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == v.get<std::string>()) {
      v = static_cast<int>(i);
      return;
    }
}

template <typename F>
void for_config_enums(json& np, F&& apply) {
  if (!np.is_object()) return;
  if (np.contains("status")) apply(np["status"], kPoolStatus);
  if (np.contains("autoscaling") && np["autoscaling"].contains("locationPolicy"))
    apply(np["autoscaling"]["locationPolicy"], kLocationPolicy);
  if (np.contains("conditions") && np["conditions"].is_array())
    for (auto& c : np["conditions"]) if (c.contains("code")) apply(c["code"], kConditionCode);
  if (!np.contains("config") || !np["config"].is_object()) return;
  json& cfg = np["config"];
  if (cfg.contains("taints") && cfg["taints"].is_array())
    for (auto& t : cfg["taints"]) if (t.is_object() && t.contains("effect")) apply(t["effect"], kTaintEffect);
  if (cfg.contains("reservationAffinity") && cfg["reservationAffinity"].contains("consumeReservationType"))
    apply(cfg["reservationAffinity"]["consumeReservationType"], kReservation);
  if (cfg.contains("accelerators") && cfg["accelerators"].is_array())
    for (auto& a : cfg["accelerators"])
      if (a.is_object() && a.contains("gpuDriverInstallationConfig") &&
          a["gpuDriverInstallationConfig"].contains("gpuDriverVersion"))
        apply(a["gpuDriverInstallationConfig"]["gpuDriverVersion"], kDriverVersion);
}
}  // namespace

void enums_to_names(json& np) {
  for_config_enums(np, [](json& v, const Names& n) { to_name(v, n); });
}

void node_pool_enums_to_ints(json& np) {
  for_config_enums(np, [](json& v, const Names& n) { to_int(v, n); });
}

void operation_enums_to_ints(json& op) {
  if (op.contains("status")) to_int(op["status"], kOpStatus);
  if (op.contains("operationType")) to_int(op["operationType"], kOpType);
  for (const char* key : {"nodepoolConditions", "clusterConditions"})
    if (op.contains(key) && op[key].is_array())
      for (auto& c : op[key]) if (c.contains("code")) to_int(c["code"], kConditionCode);
}

}  // namespace gpupool::sim::gke
