#include "sim/kube/patch.h"

#include <algorithm>

namespace gpupool::sim::kube {

using json = nlohmann::json;

json merge_patch(json target, const json& patch) {
  target.merge_patch(patch);
  return target;
}

json json_patch(const json& target, const json& ops) {
  if (!ops.is_array()) throw PatchError("json patch must be an array of operations");
  try {
    return target.patch(ops);
  } catch (const json::exception& e) {
    throw PatchError(e.what());
  }
}

namespace {

// Merge key for a list field, judged from its name and elements; "" = atomic.
std::string merge_key(const std::string& field, const json& sample) {
  static const std::vector<std::pair<std::string, std::string>> kKeys = {
      {"containers", "name"}, {"initContainers", "name"}, {"ephemeralContainers", "name"}, {"env", "name"},
      {"volumes", "name"}, {"volumeMounts", "mountPath"}, {"volumeDevices", "devicePath"},
      {"imagePullSecrets", "name"}, {"ownerReferences", "uid"}, {"conditions", "type"}, {"secrets", "name"},
      {"hostAliases", "ip"}, {"envFrom", ""}};
  if (field == "ports") return sample.is_object() && sample.contains("containerPort") ? "containerPort" : "port";
  for (const auto& [f, k] : kKeys)
    if (f == field) return k;
  return "";
}

bool primitive_merge_list(const std::string& field) { return field == "finalizers"; }

bool is_delete_directive(const json& v) {
  return v.is_object() && v.contains("$patch") && v["$patch"] == "delete";
}

json strip_directives(const json& v) {
  if (!v.is_object()) return v;
  json out = json::object();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!it.key().empty() && it.key()[0] == '$') continue;
    out[it.key()] = strip_directives(it.value());
  }
  return out;
}

json merge_value(const json& target, const json& patch);

json merge_list(const std::string& field, const json& target, const json& patch) {
  // An element {"$patch":"replace"} means: replace the whole list with the rest.
  for (const auto& e : patch)
    if (e.is_object() && e.value("$patch", "") == "replace") {
      json out = json::array();
      for (const auto& x : patch)
        if (!(x.is_object() && x.contains("$patch"))) out.push_back(strip_directives(x));
      return out;
    }
  if (!target.is_array()) {
    json out = json::array();
    for (const auto& e : patch)
      if (!is_delete_directive(e)) out.push_back(strip_directives(e));
    return out;
  }
  if (primitive_merge_list(field)) {
    json out = target;
    for (const auto& e : patch)
      if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
    return out;
  }
  std::string key = patch.empty() ? "" : merge_key(field, patch[0]);
  if (key.empty()) return strip_directives(patch);
  json out = target;
  for (const auto& e : patch) {
    if (!e.is_object() || !e.contains(key)) {
      out.push_back(strip_directives(e));
      continue;
    }
    auto it = std::find_if(out.begin(), out.end(), [&](const json& x) { return x.is_object() && x.value(key, json()) == e[key]; });
    if (is_delete_directive(e)) {
      if (it != out.end()) out.erase(it);
    } else if (it != out.end()) {
      *it = merge_value(*it, e);
    } else {
      out.push_back(strip_directives(e));
    }
  }
  return out;
}

json merge_value(const json& target, const json& patch) {
  if (!patch.is_object()) return patch;
  if (patch.value("$patch", "") == "replace") return strip_directives(patch);
  json out = target.is_object() ? target : json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k.rfind("$deleteFromPrimitiveList/", 0) == 0) {
      std::string field = k.substr(25);
      if (out.contains(field) && out[field].is_array() && v.is_array()) {
        json kept = json::array();
        for (const auto& x : out[field])
          if (std::find(v.begin(), v.end(), x) == v.end()) kept.push_back(x);
        out[field] = kept;
      }
      continue;
    }
    if (!k.empty() && k[0] == '$') continue;  // $patch, $retainKeys, $setElementOrder/...
    if (v.is_null() || is_delete_directive(v)) {
      out.erase(k);
    } else if (v.is_object()) {
      out[k] = merge_value(out.contains(k) ? out[k] : json(), v);
    } else if (v.is_array()) {
      out[k] = merge_list(k, out.contains(k) ? out[k] : json(), v);
    } else {
      out[k] = v;
    }
  }
  if (patch.contains("$retainKeys") && patch["$retainKeys"].is_array()) {
    const json& keep = patch["$retainKeys"];
    for (auto it = out.begin(); it != out.end();) {
      if (std::find(keep.begin(), keep.end(), it.key()) == keep.end()) it = out.erase(it);
      else ++it;
    }
  }
  return out;
}

}  // namespace

json strategic_merge_patch(const json& target, const json& patch) {
  if (!patch.is_object()) throw PatchError("strategic merge patch must be a JSON object");
  return merge_value(target, patch);
}

}  // namespace gpupool::sim::kube
