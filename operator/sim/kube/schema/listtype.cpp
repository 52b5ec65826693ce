// x-kubernetes-list-type uniqueness, as apiextensions-apiserver's listtype
// package checks it: sets report each duplicated element once (at its second
// appearance); maps report duplicated key tuples as a Go map value, e.g.
// `Duplicate value: map[string]interface {}{"name":"a"}`.
#include <algorithm>
#include <map>

#include "sim/kube/schema/field_error.h"
#include "sim/kube/schema/schema_internal.h"
#include "sim/kube/schema/schema_util.h"

namespace gpupool::sim::kube::schema {
namespace {

using Errors = std::vector<FieldCause>;

void walk(const json& x, const json* s, const std::string& path, Errors& errs);

// Indices of the first repeated appearance of each value (validateListSet).
std::vector<size_t> non_unique(const std::vector<json>& values) {
  std::map<std::string, int> seen;
  std::vector<size_t> out;
  for (size_t i = 0; i < values.size(); ++i) {
    // Numbers compare by value across int/float, as Go's interface keys do for same types.
    std::string key = values[i].dump();
    if (++seen[key] == 2) out.push_back(i);
  }
  return out;
}

void check_list_map(const json& x, const json* s, const std::string& path, Errors& errs) {
  for (size_t i = 0; i < x.size(); ++i) {
    if (!x[i].is_object() && !x[i].is_null()) {
      errs.push_back(invalid_error(path_index(path, i), x[i], "must be an object for an array of list-type map"));
      return;
    }
  }
  if (x.size() <= 1) return;
  std::vector<std::string> keys;
  if (has_key(s, "x-kubernetes-list-map-keys") && (*s)["x-kubernetes-list-map-keys"].is_array()) {
    for (const auto& e : (*s)["x-kubernetes-list-map-keys"]) keys.push_back(e.get<std::string>());
  }
  std::vector<json> tuples;
  for (const auto& item : x) {
    json t = json::object();
    for (const auto& k : keys) {
      if (item.is_object() && item.contains(k)) t[k] = item[k];
    }
    tuples.push_back(t);
  }
  for (size_t i : non_unique(tuples)) errs.push_back(duplicate_error(path_index(path, i), tuples[i]));
}

void check_array(const json& x, const json* s, const std::string& path, Errors& errs) {
  const std::string list_type = has_key(s, "x-kubernetes-list-type") ? (*s)["x-kubernetes-list-type"].get<std::string>() : "";
  if (list_type == "set") {
    std::vector<json> values(x.begin(), x.end());
    for (size_t i : non_unique(values)) errs.push_back(duplicate_error(path_index(path, i), x[i]));
  } else if (list_type == "map") {
    check_list_map(x, s, path, errs);
  }
  if (const json* items = schema_sub(s, "items")) {
    for (size_t i = 0; i < x.size(); ++i) walk(x[i], items, path_index(path, i), errs);
  }
}

void walk(const json& x, const json* s, const std::string& path, Errors& errs) {
  if (s == nullptr) return;
  if (x.is_array()) {
    check_array(x, s, path, errs);
  } else if (x.is_object()) {
    const json* extra = schema_sub(s, "additionalProperties");
    for (const auto& [k, v] : x.items()) {
      if (extra != nullptr) walk(v, extra, path_key(path, k), errs);
    }
    for (const auto& [k, v] : x.items()) {
      if (const json* prop = schema_property(s, k)) walk(v, prop, path_child(path, k), errs);
    }
  }
}

}  // namespace

std::vector<FieldCause> validate_list_types(const json& object, const json& schema) {
  Errors errs;
  walk(object, &schema, "", errs);
  return errs;
}

// Schema errors of these kinds mean the object lacks the shape the CEL rules
// were written for, so kube-apiserver skips CEL (strategy.go hasBlockingErr).
static bool blocks_cel(const FieldCause& c) {
  return c.reason == "FieldValueNotSupported" || c.reason == "FieldValueRequired" || c.reason == "FieldValueTooLong" ||
         c.reason == "FieldValueTooMany" || c.reason == "FieldValueTypeInvalid";
}

std::vector<FieldCause> validate(const json& object, const json& schema, const json* old_object) {
  std::vector<FieldCause> errs = validate_openapi(object, schema);
  auto lists = validate_list_types(object, schema);
  errs.insert(errs.end(), lists.begin(), lists.end());
  if (std::any_of(errs.begin(), errs.end(), blocks_cel)) {
    errs.push_back(invalid_error("<nil>", nullptr,
                                 "some validation rules were not checked because the object was invalid; correct the "
                                 "existing errors to complete validation"));
    return errs;
  }
  auto cel = validate_cel_rules(object, schema, old_object);
  errs.insert(errs.end(), cel.begin(), cel.end());
  return errs;
}

}  // namespace gpupool::sim::kube::schema
