// Defaulting as apiextensions-apiserver's structural defaulting does it:
// first non-nullable nulls without a default are removed, then `default`s are
// filled where a field is absent or a non-nullable null, recursing into the
// (possibly just defaulted) values.
#include "sim/kube/schema/schema.h"
#include "sim/kube/schema/schema_util.h"

namespace gpupool::sim::kube::schema {
namespace {

bool non_nullable_null(const json& v, const json* s) {
  return v.is_null() && s != nullptr && !schema_flag(s, "nullable");
}

void prune_nulls(json& x, const json* s) {
  if (x.is_object()) {
    std::vector<std::string> drop;
    for (auto& [k, v] : x.items()) {
      const json* sub = schema_for_field(s, k);
      if (non_nullable_null(v, sub) && !has_key(sub, "default")) {
        drop.push_back(k);
      } else {
        prune_nulls(v, sub);
      }
    }
    for (const auto& k : drop) x.erase(k);
  } else if (x.is_array()) {
    for (auto& v : x) prune_nulls(v, schema_sub(s, "items"));
  }
}

void default_node(json& x, const json* s) {
  if (s == nullptr) return;
  if (x.is_object()) {
    if (const json* props = schema_sub(s, "properties")) {
      for (const auto& [k, prop] : props->items()) {
        if (!prop.is_object() || !prop.contains("default")) continue;
        auto it = x.find(k);
        if (it == x.end() || non_nullable_null(*it, &prop)) x[k] = prop["default"];
      }
    }
    const json* extra = schema_sub(s, "additionalProperties");
    for (auto& [k, v] : x.items()) {
      if (const json* prop = schema_property(s, k)) {
        default_node(v, prop);
      } else if (extra != nullptr) {
        if (non_nullable_null(v, extra) && extra->contains("default")) v = (*extra)["default"];
        default_node(v, extra);
      }
    }
  } else if (x.is_array()) {
    const json* items = schema_sub(s, "items");
    for (auto& v : x) {
      if (items != nullptr && non_nullable_null(v, items) && items->contains("default")) v = (*items)["default"];
      default_node(v, items);
    }
  }
}

}  // namespace

void apply_defaults(json& object, const json& schema) {
  prune_nulls(object, &schema);
  default_node(object, &schema);
}

}  // namespace gpupool::sim::kube::schema
