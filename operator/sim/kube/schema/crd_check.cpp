// CRD-time checks of a version's openAPIV3Schema: structural-schema rules we
// rely on, keywords we do not validate (rejected so a CRD never silently loses
// validation), defaults that fail their own schema, and every
// x-kubernetes-validations rule parsed by our CEL subset.
#include <algorithm>
#include <regex>

#include "sim/kube/schema/cel.h"
#include "sim/kube/schema/field_error.h"
#include "sim/kube/schema/schema_internal.h"
#include "sim/kube/schema/schema_util.h"

namespace gpupool::sim::kube::schema {
namespace {

using Errors = std::vector<FieldCause>;

const std::vector<std::string> kTypes = {"array", "boolean", "integer", "number", "object", "string"};
const std::vector<std::string> kReasons = {"FieldValueInvalid", "FieldValueForbidden", "FieldValueRequired",
                                           "FieldValueDuplicate"};

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// A rule's fieldPath must name properties that exist below this node.
bool valid_field_path(const json* s, const std::string& fp) {
  if (fp.empty() || fp[0] != '.') return false;
  size_t i = 0;
  while (i < fp.size()) {
    if (fp[i] != '.') return false;
    size_t j = fp.find('.', i + 1);
    std::string name = fp.substr(i + 1, j == std::string::npos ? std::string::npos : j - i - 1);
    s = schema_for_field(s, name);
    if (s == nullptr || name.empty()) return false;
    i = j == std::string::npos ? fp.size() : j;
  }
  return true;
}

void check_rule(const json& rule, const json* s, const std::string& path, bool uncorrelatable, Errors& errs) {
  if (!rule.is_object()) {
    errs.push_back(invalid_error(path, rule, "must be an object with a rule"));
    return;
  }
  const std::string text = rule.value("rule", std::string());
  if (text.empty()) errs.push_back(required_error(path_child(path, "rule")));
  if (rule.contains("messageExpression")) {
    errs.push_back(forbidden_error(path_child(path, "messageExpression"), "messageExpression is not supported by gpupool-sim; use message"));
  }
  if (rule.value("optionalOldSelf", false)) {
    errs.push_back(forbidden_error(path_child(path, "optionalOldSelf"), "optionalOldSelf is not supported by gpupool-sim"));
  }
  if (rule.contains("reason") && !contains(kReasons, rule.value("reason", std::string()))) {
    errs.push_back(not_supported_error(path_child(path, "reason"), rule["reason"], kReasons));
  }
  if (rule.contains("fieldPath") && !valid_field_path(s, rule.value("fieldPath", std::string()))) {
    errs.push_back(invalid_error(path_child(path, "fieldPath"), rule["fieldPath"], "fieldPath must be a valid path to a property of this schema"));
  }
  if (text.empty()) return;
  auto parsed = cel::parse(text);
  if (!parsed.program) {
    errs.push_back(invalid_error(path_child(path, "rule"), text, "compilation failed: " + parsed.error->to_string()));
  } else if (parsed.program->uses_old_self() && uncorrelatable) {
    errs.push_back(invalid_error(path_child(path, "rule"), text,
                                 "oldSelf cannot be used on the uncorrelatable portion of the schema (inside a list that is not x-kubernetes-list-type: map)"));
  }
}

void check_keywords(const json* s, const std::string& path, Errors& errs) {
  const bool int_or_string = schema_flag(s, "x-kubernetes-int-or-string");
  for (const char* k : {"allOf", "anyOf", "oneOf", "not"}) {
    if (has_key(s, k) && !(int_or_string && std::string(k) != "not")) {
      errs.push_back(forbidden_error(path_child(path, k), std::string(k) + " is not supported by gpupool-sim"));
    }
  }
  for (const char* k : {"$ref", "patternProperties", "dependencies", "additionalItems"}) {
    if (has_key(s, k)) errs.push_back(forbidden_error(path_child(path, k), std::string(k) + " is not supported"));
  }
  if (schema_flag(s, "uniqueItems")) {
    errs.push_back(forbidden_error(path_child(path, "uniqueItems"), "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
  }
  if (has_key(s, "additionalProperties") && (*s)["additionalProperties"] == false) {
    errs.push_back(forbidden_error(path_child(path, "additionalProperties"), "additionalProperties cannot be set to false"));
  }
  if (has_key(s, "pattern")) {
    try {
      std::regex re((*s)["pattern"].get<std::string>(), std::regex::ECMAScript);
    } catch (const std::exception& e) {
      errs.push_back(invalid_error(path_child(path, "pattern"), (*s)["pattern"], "must be a valid regular expression, but isn't"));
    }
  }
}

void check_structure(const json* s, const std::string& path, Errors& errs) {
  const std::string type = schema_type(s);
  if (type.empty() && !schema_flag(s, "x-kubernetes-int-or-string") && !schema_flag(s, "x-kubernetes-preserve-unknown-fields")) {
    errs.push_back(required_error(path_child(path, "type"), "must not be empty for specified object fields"));
  } else if (!type.empty() && !contains(kTypes, type)) {
    errs.push_back(not_supported_error(path_child(path, "type"), type, kTypes));
  }
  if (schema_sub(s, "properties") != nullptr && schema_sub(s, "additionalProperties") != nullptr) {
    errs.push_back(forbidden_error(path_child(path, "additionalProperties"), "additionalProperties and properties are mutual exclusive"));
  }
  if (type == "array" && schema_sub(s, "items") == nullptr) errs.push_back(required_error(path_child(path, "items"), "must be specified"));
  if (has_key(s, "x-kubernetes-list-type") && (*s)["x-kubernetes-list-type"] == "map") {
    const json* items = schema_sub(s, "items");
    const json& keys = has_key(s, "x-kubernetes-list-map-keys") ? (*s)["x-kubernetes-list-map-keys"] : json();
    if (!keys.is_array() || keys.empty()) {
      errs.push_back(required_error(path_child(path, "x-kubernetes-list-map-keys"), "must not be empty if x-kubernetes-list-type is map"));
    } else {
      for (const auto& k : keys) {
        if (!k.is_string() || schema_property(items, k.get<std::string>()) == nullptr) {
          errs.push_back(invalid_error(path_child(path, "x-kubernetes-list-map-keys"), keys, "entries must all be names of item properties"));
          break;
        }
      }
    }
  }
  if (has_key(s, "default")) {
    // As kube-apiserver words it: "<path>.default in body should be ...".
    for (auto& e : validate_openapi((*s)["default"], *s, path_child(path, "default"))) errs.push_back(std::move(e));
  }
}

void check_node(const json* s, const std::string& path, bool uncorrelatable, Errors& errs) {
  if (s == nullptr || !s->is_object()) {
    errs.push_back(invalid_error(path, s ? *s : json(), "must be a schema object"));
    return;
  }
  check_structure(s, path, errs);
  check_keywords(s, path, errs);
  if (has_key(s, "x-kubernetes-validations")) {
    const json& rules = (*s)["x-kubernetes-validations"];
    for (size_t i = 0; rules.is_array() && i < rules.size(); ++i) {
      check_rule(rules[i], s, path_index(path_child(path, "x-kubernetes-validations"), i), uncorrelatable, errs);
    }
  }
  if (const json* props = schema_sub(s, "properties")) {
    for (const auto& [k, v] : props->items()) check_node(&v, path + ".properties[" + k + "]", uncorrelatable, errs);
  }
  if (const json* items = schema_sub(s, "items")) {
    const bool list_map = has_key(s, "x-kubernetes-list-type") && (*s)["x-kubernetes-list-type"] == "map";
    check_node(items, path_child(path, "items"), uncorrelatable || !list_map, errs);
  }
  if (const json* extra = schema_sub(s, "additionalProperties")) check_node(extra, path_child(path, "additionalProperties"), uncorrelatable, errs);
}

}  // namespace

std::vector<FieldCause> check_crd_schema(const json& schema, const std::string& field_prefix) {
  Errors errs;
  check_node(&schema, field_prefix, false, errs);
  return errs;
}

}  // namespace gpupool::sim::kube::schema
