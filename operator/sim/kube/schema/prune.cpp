// Pruning as apiextensions-apiserver's structural pruning does it: unknown
// fields are dropped unless x-kubernetes-preserve-unknown-fields is set;
// embedded resources keep apiVersion/kind/metadata; the resource root keeps
// apiVersion/kind/metadata (metadata itself is the API server core's job).
#include <string>
#include <vector>

#include "sim/kube/schema/schema.h"
#include "sim/kube/schema/schema_util.h"

namespace gpupool::sim::kube::schema {
namespace {

struct Pruner {
  std::vector<std::string>* pruned;
  void record(const std::string& path) {
    if (pruned != nullptr) pruned->push_back(path);
  }
};

bool is_meta_field(const std::string& k) { return k == "apiVersion" || k == "kind" || k == "metadata"; }

// Embedded resources keep string apiVersion/kind and an object metadata.
bool keep_embedded_meta(const json* s, const std::string& k, const json& v) {
  if (!schema_flag(s, "x-kubernetes-embedded-resource")) return false;
  if (k == "apiVersion" || k == "kind") return v.is_string();
  return k == "metadata" && v.is_object() && schema_property(s, "metadata") == nullptr;
}

void prune_node(json& x, const json* s, const std::string& path, Pruner& p, bool root);

// Under preserve-unknown-fields unknown keys stay, but specified children are
// still pruned by their own schemas.
void skip_prune(json& x, const json* s, const std::string& path, Pruner& p) {
  if (s == nullptr) return;
  if (x.is_object()) {
    for (auto& [k, v] : x.items()) {
      if (schema_flag(s, "x-kubernetes-embedded-resource") && is_meta_field(k)) continue;
      if (const json* sub = schema_for_field(s, k)) prune_node(v, sub, path + "." + k, p, false);
    }
  } else if (x.is_array()) {
    for (size_t i = 0; i < x.size(); ++i) skip_prune(x[i], schema_sub(s, "items"), path + "[" + std::to_string(i) + "]", p);
  }
}

void prune_object(json& x, const json* s, const std::string& path, Pruner& p, bool root) {
  std::vector<std::string> drop;
  for (auto& [k, v] : x.items()) {
    if (root && is_meta_field(k)) continue;
    if (s != nullptr && keep_embedded_meta(s, k, v)) continue;
    if (const json* sub = s != nullptr ? schema_for_field(s, k) : nullptr) {
      prune_node(v, sub, path + "." + k, p, false);
    } else if (s != nullptr && has_key(s, "additionalProperties") && (*s)["additionalProperties"] == true) {
      continue;  // additionalProperties: true allows anything
    } else {
      drop.push_back(k);
    }
  }
  for (const auto& k : drop) {
    p.record(path + "." + k);
    x.erase(k);
  }
}

void prune_node(json& x, const json* s, const std::string& path, Pruner& p, bool root) {
  if (schema_flag(s, "x-kubernetes-preserve-unknown-fields")) {
    skip_prune(x, s, path, p);
    return;
  }
  if (x.is_object()) {
    prune_object(x, s, path, p, root);
  } else if (x.is_array()) {
    const json* items = schema_sub(s, "items");
    for (size_t i = 0; i < x.size(); ++i) prune_node(x[i], items, path + "[" + std::to_string(i) + "]", p, false);
  }
}

}  // namespace

void prune(json& object, const json& schema, std::vector<std::string>* pruned) {
  Pruner p{pruned};
  prune_node(object, &schema, "", p, true);
}

}  // namespace gpupool::sim::kube::schema
