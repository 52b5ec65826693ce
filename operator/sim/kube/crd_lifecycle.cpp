#include "sim/kube/crd_lifecycle.h"

#include <algorithm>

#include "sim/kube/meta.h"
#include "sim/kube/schema/schema.h"
#include "sim/kube/status_errors.h"

namespace gpupool::sim::kube {

using json = nlohmann::json;

namespace {

const char kKind[] = "CustomResourceDefinition";
const char kGroup[] = "apiextensions.k8s.io";

json cause(const std::string& reason, const std::string& field, const std::string& message) {
  return {{"reason", reason}, {"message", message}, {"field", field}};
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json condition(const std::string& type, const std::string& status, const std::string& reason,
               const std::string& message, const json* old_status) {
  std::string when = now_rfc3339();
  if (old_status && old_status->contains("conditions") && (*old_status)["conditions"].is_array()) {
    for (const auto& c : (*old_status)["conditions"])
      if (c.value("type", "") == type && c.value("status", "") == status) when = c.value("lastTransitionTime", when);
  }
  return {{"type", type}, {"status", status}, {"lastTransitionTime", when}, {"reason", reason}, {"message", message}};
}

void default_names(json& spec) {
  json& names = spec["names"];
  if (!names.is_object()) names = json::object();
  std::string kind = str(names, "kind");
  if (str(names, "singular").empty() && !kind.empty()) {
    std::string s = kind;
    std::transform(s.begin(), s.end(), s.begin(), ::tolower);
    names["singular"] = s;
  }
  if (str(names, "listKind").empty() && !kind.empty()) names["listKind"] = kind + "List";
  if (!spec.contains("conversion") || !spec["conversion"].is_object()) spec["conversion"] = {{"strategy", "None"}};
  for (auto& v : spec["versions"]) {
    if (!v.is_object()) continue;
    if (!v.contains("served")) v["served"] = true;
    if (!v.contains("storage")) v["storage"] = false;
  }
}

void check_spec(const json& crd, const json& spec, const json* old, json& causes) {
  std::string group = str(spec, "group");
  const json& names = spec["names"];
  std::string plural = str(names, "plural");
  std::string kind = str(names, "kind");
  std::string name = meta_string(crd, "name");
  if (group.empty()) causes.push_back(cause("FieldValueRequired", "spec.group", "Required value"));
  else if (group.find('.') == std::string::npos)
    causes.push_back(cause("FieldValueInvalid", "spec.group", "Invalid value: \"" + group + "\": should be a domain with at least one dot"));
  if (plural.empty()) causes.push_back(cause("FieldValueRequired", "spec.names.plural", "Required value"));
  if (kind.empty()) causes.push_back(cause("FieldValueRequired", "spec.names.kind", "Required value"));
  if (!plural.empty() && !group.empty() && name != plural + "." + group)
    causes.push_back(cause("FieldValueInvalid", "metadata.name",
                           "Invalid value: \"" + name + "\": must be spec.names.plural+\".\"+spec.group"));
  std::string scope = str(spec, "scope");
  if (scope != "Namespaced" && scope != "Cluster")
    causes.push_back(cause("FieldValueNotSupported", "spec.scope",
                           "Unsupported value: \"" + scope + "\": supported values: \"Cluster\", \"Namespaced\""));
  if (old) {
    const json& os = (*old)["spec"];
    if (str(os, "group") != group)
      causes.push_back(cause("FieldValueInvalid", "spec.group", "Invalid value: \"" + group + "\": field is immutable"));
    if (str(os, "scope") != scope)
      causes.push_back(cause("FieldValueInvalid", "spec.scope", "Invalid value: \"" + scope + "\": field is immutable"));
  }
  const json& versions = spec["versions"];
  if (!versions.is_array() || versions.empty()) {
    causes.push_back(cause("FieldValueInvalid", "spec.versions", "Invalid value: null: must have exactly one version marked as storage version"));
    return;
  }
  int storage = 0;
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const json& v = versions[i];
    std::string prefix = "spec.versions[" + std::to_string(i) + "]";
    if (v.value("storage", false)) ++storage;
    if (str(v, "name").empty()) causes.push_back(cause("FieldValueRequired", prefix + ".name", "Required value"));
    const json* schema = nullptr;
    if (v.contains("schema") && v["schema"].is_object() && v["schema"].contains("openAPIV3Schema"))
      schema = &v["schema"]["openAPIV3Schema"];
    if (!schema || !schema->is_object()) {
      causes.push_back(cause("FieldValueRequired", prefix + ".schema.openAPIV3Schema", "Required value: schemas are required"));
      continue;
    }
    for (const auto& c : schema::check_crd_schema(*schema, prefix + ".schema.openAPIV3Schema"))
      causes.push_back(cause(c.reason, c.field, c.message));
  }
  if (storage != 1)
    causes.push_back(cause("FieldValueInvalid", "spec.versions",
                           "Invalid value: " + versions.dump() + ": must have exactly one version marked as storage version"));
}

}  // namespace

void prepare_crd(json& crd, const json* old, const std::vector<const json*>& others) {
  if (!crd["spec"].is_object()) crd["spec"] = json::object();
  json& spec = crd["spec"];
  default_names(spec);
  json causes = json::array();
  check_spec(crd, spec, old, causes);
  if (!causes.empty()) throw invalid(kKind, kGroup, meta_string(crd, "name"), causes);

  const json* old_status = old && old->contains("status") ? &(*old)["status"] : nullptr;
  // Naming controller: plural/kind must be unique within the group.
  bool conflict = false;
  std::string message = "no conflicts found";
  for (const json* other : others) {
    const json& os = (*other)["spec"];
    if (str(os, "group") != str(spec, "group")) continue;
    if (str(os["names"], "plural") == str(spec["names"], "plural")) {
      conflict = true;
      message = "\"" + str(spec["names"], "plural") + "\" is already in use";
    } else if (str(os["names"], "kind") == str(spec["names"], "kind")) {
      conflict = true;
      message = "\"" + str(spec["names"], "kind") + "\" is already in use";
    }
  }
  json status = json::object();
  json stored = json::array();
  if (old_status && old_status->contains("storedVersions") && (*old_status)["storedVersions"].is_array())
    stored = (*old_status)["storedVersions"];
  for (const auto& v : spec["versions"])
    if (v.value("storage", false) && std::find(stored.begin(), stored.end(), v["name"]) == stored.end())
      stored.push_back(v["name"]);
  if (conflict) {
    status["conditions"] = json::array({condition("NamesAccepted", "False", "NameConflict", message, old_status),
                                        condition("Established", "False", "NotAccepted", "not all names are accepted", old_status)});
    status["acceptedNames"] = {{"plural", ""}, {"kind", ""}};
  } else {
    status["conditions"] = json::array({condition("NamesAccepted", "True", "NoConflicts", message, old_status),
                                        condition("Established", "True", "InitialNamesAccepted",
                                                  "the initial names have been accepted", old_status)});
    status["acceptedNames"] = spec["names"];
  }
  status["storedVersions"] = stored;
  crd["status"] = status;
}

std::vector<ServedResource> crd_resources(const json& crd) {
  std::vector<ServedResource> out;
  const json& st = crd.contains("status") ? crd["status"] : json::object();
  bool established = false;
  if (st.contains("conditions") && st["conditions"].is_array())
    for (const auto& c : st["conditions"])
      if (c.value("type", "") == "Established" && c.value("status", "") == "True") established = true;
  if (!established || (crd.contains("metadata") && crd["metadata"].contains("deletionTimestamp"))) return out;
  const json& spec = crd["spec"];
  const json& names = spec["names"];
  std::string storage_version;
  for (const auto& v : spec["versions"])
    if (v.value("storage", false)) storage_version = str(v, "name");
  for (const auto& v : spec["versions"]) {
    if (!v.value("served", true)) continue;
    ServedResource r;
    ResourceInfo& i = r.info;
    i.group = str(spec, "group");
    i.version = str(v, "name");
    i.kind = str(names, "kind");
    i.list_kind = str(names, "listKind");
    i.plural = str(names, "plural");
    i.singular = str(names, "singular");
    i.namespaced = str(spec, "scope") == "Namespaced";
    if (names.contains("shortNames") && names["shortNames"].is_array())
      for (const auto& s : names["shortNames"]) i.short_names.push_back(s.get<std::string>());
    if (names.contains("categories") && names["categories"].is_array())
      for (const auto& s : names["categories"]) i.categories.push_back(s.get<std::string>());
    i.is_crd = true;
    i.schema = v["schema"]["openAPIV3Schema"];
    if (v.contains("additionalPrinterColumns") && v["additionalPrinterColumns"].is_array())
      i.printer_columns = v["additionalPrinterColumns"];
    if (v.contains("selectableFields") && v["selectableFields"].is_array())
      for (const auto& f : v["selectableFields"]) i.selectable_fields.push_back(f.value("jsonPath", ""));
    if (v.contains("subresources") && v["subresources"].is_object()) {
      const json& sub = v["subresources"];
      i.has_status = sub.contains("status");
      if (sub.contains("scale") && sub["scale"].is_object())
        i.scale = ScaleSpec{str(sub["scale"], "specReplicasPath"), str(sub["scale"], "statusReplicasPath"),
                            str(sub["scale"], "labelSelectorPath")};
    }
    r.storage_key = i.qualified_name();
    r.storage_version = i.group + "/" + storage_version;
    r.track_generation = true;
    r.crd_name = meta_string(crd, "name");
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace gpupool::sim::kube
