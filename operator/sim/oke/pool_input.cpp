#include "sim/oke/pool_input.h"

#include <algorithm>

#include "sim/oke/sim_impl.h"

namespace gpupool::sim::oke {

namespace {
BadRequest missing(const std::string& field) { return {400, "MissingParameter", "Missing required parameter: " + field}; }
BadRequest invalid(const std::string& message) { return {400, "InvalidParameter", message}; }

bool has_string(const json& j, const char* key) { return j.contains(key) && j[key].is_string() && !j[key].get<std::string>().empty(); }

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::optional<BadRequest> check_placements(const json& pcs, const OkeSimOptions& o, const ShapeInfo& info,
                                           const std::string& shape) {
  if (!pcs.is_array() || pcs.empty()) return invalid("nodeConfigDetails.placementConfigs must list at least one placement.");
  for (const auto& pc : pcs) {
    if (!pc.is_object() || !has_string(pc, "availabilityDomain")) return missing("placementConfigs.availabilityDomain");
    if (!has_string(pc, "subnetId")) return missing("placementConfigs.subnetId");
    if (!contains(o.availability_domains, pc["availabilityDomain"].get<std::string>()))
      return invalid("Invalid availabilityDomain: " + pc["availabilityDomain"].get<std::string>());
    if (!contains(o.subnet_ids, pc["subnetId"].get<std::string>()))
      return BadRequest{400, "RelatedResourceNotAuthorizedOrNotFound",
                        "Subnet " + pc["subnetId"].get<std::string>() + " not found or not authorized."};
    if (pc.contains("preemptibleNodeConfig") && !pc["preemptibleNodeConfig"].is_null() && !info.preemptible)
      return invalid("Shape " + shape + " does not support preemptible capacity.");
  }
  return std::nullopt;
}

std::optional<BadRequest> check_labels_and_tags(const json& d) {
  if (d.contains("initialNodeLabels")) {
    if (!d["initialNodeLabels"].is_array()) return invalid("initialNodeLabels must be an array of {key, value}.");
    for (const auto& l : d["initialNodeLabels"])
      if (!l.is_object() || !has_string(l, "key") || !l.contains("value") || !l["value"].is_string())
        return invalid("initialNodeLabels entries need string key and value.");
  }
  if (d.contains("freeformTags")) {
    if (!d["freeformTags"].is_object()) return invalid("freeformTags must be an object of strings.");
    for (const auto& [k, v] : d["freeformTags"].items())
      if (!v.is_string()) return invalid("freeformTags." + k + " must be a string.");
  }
  return std::nullopt;
}

std::optional<BadRequest> check_size(const json& cfg, int& size) {
  if (!cfg.contains("size")) return std::nullopt;
  if (!cfg["size"].is_number_integer() || cfg["size"].get<long>() < 0 || cfg["size"].get<long>() > 1000)
    return invalid("nodeConfigDetails.size must be an integer between 0 and 1000.");
  size = cfg["size"].get<int>();
  return std::nullopt;
}
}  // namespace

std::optional<BadRequest> parse_create(const std::string& body, const OkeSimOptions& o, Pool& p) {
  json d = json::parse(body, nullptr, false);
  if (!d.is_object()) return BadRequest{400, "CannotParseRequest", "The request body could not be parsed as JSON."};
  for (const char* f : {"compartmentId", "clusterId", "name", "nodeShape"})
    if (!has_string(d, f)) return missing(f);
  if (d["compartmentId"] != o.compartment_id) return BadRequest{404, "NotAuthorizedOrNotFound", "Compartment not found or not authorized."};
  if (d["clusterId"] != o.cluster_id)
    return BadRequest{400, "RelatedResourceNotAuthorizedOrNotFound", "Cluster not found or not authorized."};
  p.shape = d["nodeShape"].get<std::string>();
  auto info = shape_info(p.shape);
  if (!info) return invalid("Invalid nodeShape: " + p.shape);
  p.info = *info;
  if (d["name"].get<std::string>().size() > 255) return invalid("name must be at most 255 characters.");
  p.name = d["name"].get<std::string>();
  if (!d.contains("nodeConfigDetails") || !d["nodeConfigDetails"].is_object()) return missing("nodeConfigDetails");
  const json& cfg = d["nodeConfigDetails"];
  if (!cfg.contains("size")) return missing("nodeConfigDetails.size");
  if (auto bad = check_size(cfg, p.size)) return bad;
  if (auto bad = check_placements(cfg.value("placementConfigs", json()), o, p.info, p.shape)) return bad;
  if (auto bad = check_labels_and_tags(d)) return bad;
  if (d.contains("nodeSourceDetails") && (!d["nodeSourceDetails"].is_object() || !has_string(d["nodeSourceDetails"], "imageId")))
    return missing("nodeSourceDetails.imageId");
  p.placements = cfg["placementConfigs"];
  d.erase("nodeConfigDetails");
  p.details = std::move(d);
  return std::nullopt;
}

std::optional<BadRequest> parse_update(const json& body, const OkeSimOptions& o, const Pool& p, int& size,
                                       json& placements) {
  if (!body.is_object()) return BadRequest{400, "CannotParseRequest", "The request body could not be parsed as JSON."};
  size = p.size;
  placements = p.placements;
  if (!body.contains("nodeConfigDetails")) return std::nullopt;
  const json& cfg = body["nodeConfigDetails"];
  if (!cfg.is_object()) return invalid("nodeConfigDetails must be an object.");
  if (auto bad = check_size(cfg, size)) return bad;
  if (cfg.contains("placementConfigs")) {
    if (auto bad = check_placements(cfg["placementConfigs"], o, p.info, p.shape)) return bad;
    placements = cfg["placementConfigs"];
  }
  return std::nullopt;
}

std::optional<Page> parse_page(const std::optional<std::string>& limit, const std::optional<std::string>& page,
                               int page_size) {
  Page out{0, static_cast<std::size_t>(page_size)};
  auto number = [](const std::string& s) -> std::optional<std::size_t> {
    if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), ::isdigit)) return std::nullopt;
    return static_cast<std::size_t>(std::stoul(s));
  };
  if (limit) {
    auto n = number(*limit);
    if (!n || *n < 1 || *n > 1000) return std::nullopt;
    out.limit = *n;
  }
  if (page) {
    const std::string prefix = "AAAAAnext-";
    if (page->rfind(prefix, 0) != 0) return std::nullopt;
    auto n = number(page->substr(prefix.size()));
    if (!n) return std::nullopt;
    out.offset = *n;
  }
  return out;
}

std::string page_token(std::size_t offset) { return "AAAAAnext-" + std::to_string(offset); }

}  // namespace gpupool::sim::oke
