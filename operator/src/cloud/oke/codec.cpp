#include "cloud/oke/codec.h"

#include <openssl/evp.h>

#include <cstdio>

#include "cloud/oke/errors.h"
#include "cloud/oke/shapes.h"
#include "cloud/ownership.h"

namespace gpupool::cloud::oke {

Status check_expressible(const NodePoolSpec& spec) {
  if (!spec.taints.empty())
    return fail(ErrorCode::InvalidArgument,
                "OKE node pools do not support taints; use labels, or taint nodes after they join");
  if (spec.autoscaling)
    return fail(ErrorCode::InvalidArgument,
                "OKE node pools have no autoscaling in the API; run the Cluster Autoscaler add-on instead");
  auto gpus = gpus_per_node(spec.machine_type);
  if (!gpus) return fail(ErrorCode::InvalidArgument, "\"" + spec.machine_type + "\" is not an OKE GPU shape");
  if (spec.gpus_per_node > 0 && spec.gpus_per_node != *gpus)
    return fail(ErrorCode::InvalidArgument, spec.machine_type + " has " + std::to_string(*gpus) + " GPUs per node, not " +
                                                std::to_string(spec.gpus_per_node));
  if (spec.node_count < 0) return fail(ErrorCode::InvalidArgument, "node count must not be negative");
  return ok();
}

namespace {
using nlohmann::json;

Result<json> placement_configs(const NodePoolSpec& spec, const PoolSettings& s) {
  if (s.subnet_ids.size() != 1 && s.subnet_ids.size() != spec.zones.size())
    return fail(ErrorCode::InvalidArgument, "OKE needs one subnet for all availability domains or one per domain (" +
                                                std::to_string(spec.zones.size()) + "), got " +
                                                std::to_string(s.subnet_ids.size()));
  json out = json::array();
  for (std::size_t i = 0; i < spec.zones.size(); ++i) {
    json pc = {{"availabilityDomain", spec.zones[i]}, {"subnetId", s.subnet_ids[s.subnet_ids.size() == 1 ? 0 : i]}};
    if (!spec.reservation.empty()) pc["capacityReservationId"] = spec.reservation;
    if (spec.capacity_type == CapacityType::Spot)
      pc["preemptibleNodeConfig"] = {{"preemptionAction", {{"type", "TERMINATE"}, {"isPreserveBootVolume", false}}}};
    out.push_back(std::move(pc));
  }
  return out;
}

std::string str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
}  // namespace

Result<json> create_details(const NodePoolSpec& spec, const PoolSettings& s) {
  if (auto st = check_expressible(spec); !st) return st.error();
  // The provider fills empty zones with the tenancy's ADs before this.
  if (spec.zones.empty()) return fail(ErrorCode::InvalidArgument, "OKE node pools need at least one availability domain");
  if (spec.capacity_type == CapacityType::Reserved && spec.reservation.empty())
    return fail(ErrorCode::InvalidArgument, "reserved capacity needs a capacity reservation OCID");
  auto placements = placement_configs(spec, s);
  if (!placements) return placements.error();
  json labels = json::array();
  for (const auto& [k, v] : spec.labels) labels.push_back({{"key", k}, {"value", v}});
  json d = {{"compartmentId", s.compartment_id},
            {"clusterId", s.cluster_id},
            {"name", spec.name},
            {"nodeShape", spec.machine_type},
            {"initialNodeLabels", labels},
            {"freeformTags", ownership_tags("OKE", spec.owner)},
            {"nodeConfigDetails", {{"size", spec.node_count}, {"placementConfigs", *placements}}}};
  if (!s.image_id.empty()) d["nodeSourceDetails"] = {{"sourceType", "IMAGE"}, {"imageId", s.image_id}};
  return d;
}

json resize_details(const json& np, int nodes) {
  json pcs = json::array();
  if (np.contains("nodeConfigDetails") && np["nodeConfigDetails"].is_object())
    pcs = np["nodeConfigDetails"].value("placementConfigs", json::array());
  return {{"nodeConfigDetails", {{"size", nodes}, {"placementConfigs", pcs}}}};
}

NodePool to_node_pool(const json& np, const std::string& etag) {
  NodePool p;
  p.id = str(np, "id");
  p.name = str(np, "name");
  p.machine_type = str(np, "nodeShape");
  p.state = str(np, "lifecycleState");
  p.etag = etag;
  const json& cfg = np.contains("nodeConfigDetails") && np["nodeConfigDetails"].is_object() ? np["nodeConfigDetails"] : json();
  if (cfg.is_object() && cfg.contains("size") && cfg["size"].is_number_integer()) p.desired_nodes = cfg["size"].get<int>();
  if (cfg.is_object() && cfg.contains("placementConfigs") && cfg["placementConfigs"].is_array())
    for (const auto& pc : cfg["placementConfigs"]) p.zones.push_back(str(pc, "availabilityDomain"));
  if (np.contains("freeformTags") && np["freeformTags"].is_object()) {
    std::map<std::string, std::string> tags;
    for (const auto& [k, v] : np["freeformTags"].items())
      if (v.is_string()) tags[k] = v.get<std::string>();
    p.owner = owner_from_tags(tags);
  }
  if (p.state == "FAILED")
    p.error = Error(ErrorCode::Internal, "OKE node pool " + p.id + " FAILED: " + str(np, "lifecycleDetails"));
  if (!np.contains("nodes") || !np["nodes"].is_array()) return p;
  for (const auto& n : np["nodes"]) {
    std::string state = str(n, "lifecycleState");
    auto err = n.contains("nodeError") ? map_node_error(n["nodeError"]) : std::nullopt;
    if (err && !p.error) p.error = err;
    if (err || state == "DELETING" || state == "DELETED") continue;
    ++p.current_nodes;
    if (state == "ACTIVE") ++p.ready_nodes;
  }
  return p;
}

std::string retry_token(const Owner& owner, const json& details) {
  std::string data = owner.uid + "\n" + owner.target + "\n" + details.dump();
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  std::string out = "gpupool-";
  char buf[3];
  for (unsigned int i = 0; i < 24 && i < len; ++i) {  // 8 + 48 = 56 chars
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    out += buf;
  }
  return out;
}

}  // namespace gpupool::cloud::oke
