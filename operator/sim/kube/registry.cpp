#include "sim/kube/registry.h"

#include <algorithm>

namespace gpupool::sim::kube {

namespace {

struct Builtin {
  const char* group;
  const char* kind;
  const char* plural;
  bool namespaced;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  bool has_status;
  bool generation;
};

ServedResource make_builtin(const Builtin& b) {
  ServedResource r;
  r.info.group = b.group;
  r.info.version = "v1";
  r.info.kind = b.kind;
  r.info.list_kind = std::string(b.kind) + "List";
  r.info.plural = b.plural;
  std::string singular = b.kind;
  std::transform(singular.begin(), singular.end(), singular.begin(), ::tolower);
  r.info.singular = singular;
  r.info.namespaced = b.namespaced;
  r.info.short_names = b.short_names;
  r.info.categories = b.categories;
  r.info.has_status = b.has_status;
  r.track_generation = b.generation;
  r.storage_key = r.info.qualified_name();
  r.storage_version = r.info.group_version();
  return r;
}

const std::vector<std::string> kEventFields = {
    "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
    "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
    "reportingComponent", "source", "type"};

// Dotted path lookup rendered as a selector value ("" for null/missing).
std::optional<std::string> path_value(const nlohmann::json& obj, const std::string& dotted) {
  const nlohmann::json* cur = &obj;
  std::size_t pos = 0;
  while (pos <= dotted.size()) {
    auto dot = dotted.find('.', pos);
    std::string part = dotted.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (!cur->is_object()) return std::string();
    auto it = cur->find(part);
    if (it == cur->end()) return std::string();
    cur = &*it;
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  if (cur->is_string()) return cur->get<std::string>();
  if (cur->is_null()) return std::string();
  return cur->dump();
}

}  // namespace

Registry::Registry() {
  const std::vector<Builtin> builtins = {
      {"", "Namespace", "namespaces", false, {"ns"}, {}, true, false},
      {"", "Secret", "secrets", true, {}, {}, false, false},
      {"", "ConfigMap", "configmaps", true, {"cm"}, {}, false, false},
      {"", "ServiceAccount", "serviceaccounts", true, {"sa"}, {}, false, false},
      {"", "Service", "services", true, {"svc"}, {"all"}, true, false},
      {"", "Event", "events", true, {"ev"}, {}, false, false},
      {"events.k8s.io", "Event", "events", true, {"ev"}, {}, false, false},
      {"coordination.k8s.io", "Lease", "leases", true, {}, {}, false, false},
      {"apiextensions.k8s.io", "CustomResourceDefinition", "customresourcedefinitions", false, {"crd", "crds"},
       {"api-extensions"}, true, true},
      {"apps", "Deployment", "deployments", true, {"deploy"}, {"all"}, true, true},
      {"rbac.authorization.k8s.io", "Role", "roles", true, {}, {}, false, false},
      {"rbac.authorization.k8s.io", "RoleBinding", "rolebindings", true, {}, {}, false, false},
      {"rbac.authorization.k8s.io", "ClusterRole", "clusterroles", false, {}, {}, false, false},
      {"rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings", false, {}, {}, false, false},
      {"policy", "PodDisruptionBudget", "poddisruptionbudgets", true, {"pdb"}, {}, true, true},
  };
  for (const auto& b : builtins) {
    ServedResource r = make_builtin(b);
    if (r.info.plural == "events" && r.info.group.empty()) r.field_labels = kEventFields;
    if (r.info.plural == "events" && !r.info.group.empty())
      r.field_labels = {"regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "reason", "type",
                        "reportingController"};
    if (r.info.plural == "secrets") r.field_labels = {"type"};
    if (r.info.plural == "namespaces") r.field_labels = {"status.phase"};
    if (r.info.plural == "deployments") r.info.scale = ScaleSpec{".spec.replicas", ".status.replicas", ""};
    add(std::move(r));
  }
}

void Registry::add(ServedResource r) { resources_.push_back(std::make_shared<const ServedResource>(std::move(r))); }

ResourcePtr Registry::find(const std::string& group, const std::string& version, const std::string& plural) const {
  for (const auto& r : resources_)
    if (r->info.group == group && r->info.version == version && r->info.plural == plural) return r;
  return nullptr;
}

ResourcePtr Registry::find_storage(const std::string& storage_key) const {
  for (const auto& r : resources_)
    if (r->storage_key == storage_key) return r;
  return nullptr;
}

std::vector<ResourcePtr> Registry::for_group_version(const std::string& group, const std::string& version) const {
  std::vector<ResourcePtr> out;
  for (const auto& r : resources_)
    if (r->info.group == group && r->info.version == version) out.push_back(r);
  return out;
}

std::vector<Registry::Group> Registry::groups() const {
  std::vector<Group> out;
  for (const auto& r : resources_) {
    if (r->info.group.empty()) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const Group& g) { return g.name == r->info.group; });
    if (it == out.end()) {
      out.push_back({r->info.group, {}});
      it = out.end() - 1;
    }
    if (std::find(it->versions.begin(), it->versions.end(), r->info.version) == it->versions.end()) {
      // The storage version is the preferred one.
      if (r->storage_version == r->info.group_version()) it->versions.insert(it->versions.begin(), r->info.version);
      else it->versions.push_back(r->info.version);
    }
  }
  return out;
}

void Registry::set_crd(const std::string& crd_name, std::vector<ServedResource> versions) {
  resources_.erase(std::remove_if(resources_.begin(), resources_.end(),
                                  [&](const ResourcePtr& r) { return r->crd_name == crd_name; }),
                   resources_.end());
  for (auto& v : versions) add(std::move(v));
  ++generation_;
}

bool field_label_supported(const ServedResource& r, const std::string& label) {
  if (label == "metadata.name" || label == "metadata.namespace") return true;
  if (std::find(r.field_labels.begin(), r.field_labels.end(), label) != r.field_labels.end()) return true;
  for (const auto& f : r.info.selectable_fields)
    if (f == "." + label || f == label) return true;
  return false;
}

std::optional<std::string> field_value(const ServedResource& r, const nlohmann::json& object, const std::string& label) {
  if (!field_label_supported(r, label)) return std::nullopt;
  if (label == "source" && r.info.plural == "events") {
    auto v = path_value(object, "source.component");
    if (v && !v->empty()) return v;
    return path_value(object, "reportingComponent");
  }
  return path_value(object, label);
}

}  // namespace gpupool::sim::kube
