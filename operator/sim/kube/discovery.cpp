#include "sim/kube/discovery.h"

namespace gpupool::sim::kube {

using json = nlohmann::json;

json version_info() {
  return {{"major", "1"},         {"minor", "32"},       {"gitVersion", "v1.32.0"},
          {"gitCommit", "0000000000000000000000000000000000000000"},     {"gitTreeState", "clean"},
          {"buildDate", "2024-12-11T00:00:00Z"}, {"goVersion", "go1.23.3"},   {"compiler", "gc"},
          {"platform", "linux/amd64"}};
}

json api_versions(const std::string& server_address) {
  return {{"kind", "APIVersions"},
          {"versions", {"v1"}},
          {"serverAddressByClientCIDRs", json::array({{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}})}};
}

static json group_json(const Registry::Group& g) {
  json versions = json::array();
  for (const auto& v : g.versions) versions.push_back({{"groupVersion", g.name + "/" + v}, {"version", v}});
  return {{"name", g.name}, {"versions", versions}, {"preferredVersion", versions.at(0)}};
}

json api_group_list(const Registry& reg) {
  json groups = json::array();
  for (const auto& g : reg.groups()) groups.push_back(group_json(g));
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

std::optional<json> api_group(const Registry& reg, const std::string& group) {
  for (const auto& g : reg.groups())
    if (g.name == group) {
      json j = group_json(g);
      j["kind"] = "APIGroup";
      j["apiVersion"] = "v1";
      return j;
    }
  return std::nullopt;
}

std::optional<json> api_resource_list(const Registry& reg, const std::string& group, const std::string& version) {
  auto resources = reg.for_group_version(group, version);
  if (resources.empty()) return std::nullopt;
  json list = json::array();
  for (const auto& r : resources) {
    const ResourceInfo& i = r->info;
    json e = {{"name", i.plural}, {"singularName", i.singular}, {"namespaced", i.namespaced},
              {"kind", i.kind},   {"verbs", i.verbs}};
    if (!i.short_names.empty()) e["shortNames"] = i.short_names;
    if (!i.categories.empty()) e["categories"] = i.categories;
    list.push_back(e);
    if (i.has_status)
      list.push_back({{"name", i.plural + "/status"}, {"singularName", ""}, {"namespaced", i.namespaced},
                      {"kind", i.kind}, {"verbs", {"get", "patch", "update"}}});
    if (i.scale)
      list.push_back({{"name", i.plural + "/scale"}, {"singularName", ""}, {"namespaced", i.namespaced},
                      {"group", "autoscaling"}, {"version", "v1"}, {"kind", "Scale"},
                      {"verbs", {"get", "patch", "update"}}});
  }
  return json{{"kind", "APIResourceList"},
              {"apiVersion", "v1"},
              {"groupVersion", group.empty() ? version : group + "/" + version},
              {"resources", list}};
}

}  // namespace gpupool::sim::kube
