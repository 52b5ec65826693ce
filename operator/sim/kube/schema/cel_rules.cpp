// Evaluates x-kubernetes-validations where they are declared, as
// apiextensions-apiserver's cel.Validator does: `self` is the node's value,
// `oldSelf` the correlated old value (object/map fields by key, list-map
// items by key; never plain list items). Transition rules are skipped when no
// old value exists. Failure messages: rule `message`, else
// "failed rule: <rule>"; the bad value shown is the node's schema type
// ("object"), as in Kubernetes 1.32.
#include "sim/kube/schema/cel.h"
#include "sim/kube/schema/field_error.h"
#include "sim/kube/schema/schema_internal.h"
#include "sim/kube/schema/schema_util.h"

namespace gpupool::sim::kube::schema {
namespace {

using Errors = std::vector<FieldCause>;

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string str_field(const json& rule, const char* key) {
  auto it = rule.find(key);
  return it != rule.end() && it->is_string() ? it->get<std::string>() : "";
}

// ".a.b" / ".a['k']" relative to `base`, as a field.Path string.
std::string apply_field_path(const std::string& base, const std::string& rel) {
  std::string out = base;
  size_t i = 0;
  while (i < rel.size()) {
    if (rel[i] == '.') {
      size_t j = rel.find_first_of(".[", i + 1);
      out = path_child(out, rel.substr(i + 1, j == std::string::npos ? std::string::npos : j - i - 1));
      i = j == std::string::npos ? rel.size() : j;
    } else if (rel.compare(i, 2, "['") == 0) {
      size_t j = rel.find("']", i + 2);
      if (j == std::string::npos) break;
      out = path_child(out, rel.substr(i + 2, j - i - 2));
      i = j + 2;
    } else {
      break;
    }
  }
  return out;
}

FieldCause rule_failure(const std::string& field, const std::string& type, const json& rule) {
  std::string message = trim(str_field(rule, "message"));
  std::string detail = message.empty() ? "failed rule: " + trim(str_field(rule, "rule")) : message;
  std::string reason = str_field(rule, "reason");
  if (reason == "FieldValueForbidden") return forbidden_error(field, detail);
  if (reason == "FieldValueRequired") return required_error(field, detail);
  if (reason == "FieldValueDuplicate") return duplicate_error(field, type);
  return invalid_error(field, type, detail);
}

void run_rules(const json& x, const json* s, const json* old, const std::string& path, Errors& errs) {
  const json& rules = (*s)["x-kubernetes-validations"];
  if (!rules.is_array()) return;
  const std::string field = path.empty() ? "<nil>" : path;  // nil field.Path prints "<nil>"
  const std::string type = schema_type(s);
  cel::Value self = cel::from_json(x, s);
  std::optional<cel::Value> old_self;
  if (old != nullptr) old_self = cel::from_json(*old, s);
  for (const auto& rule : rules) {
    const std::string text = str_field(rule, "rule");
    auto parsed = cel::parse(text);
    if (!parsed.program) {  // check_crd_schema rejects these; report rather than skip
      errs.push_back(invalid_error(field, type, "rule compile error: " + parsed.error->to_string()));
      continue;
    }
    if (parsed.program->uses_old_self() && !old_self) continue;  // transition rule on create
    auto result = cel::evaluate(*parsed.program, self, old_self ? &*old_self : nullptr);
    if (!result.error.empty()) {
      errs.push_back(invalid_error(field, type, result.error + " evaluating rule: " + trim(text)));
    } else if (result.value->kind != cel::Value::Kind::Bool) {
      errs.push_back(invalid_error(field, type, "rule did not evaluate to a bool: " + trim(text)));
    } else if (!result.value->b) {
      std::string target = path;
      if (std::string fp = str_field(rule, "fieldPath"); !fp.empty()) target = apply_field_path(path, fp);
      errs.push_back(rule_failure(target.empty() ? "<nil>" : target, type, rule));
    }
  }
}

const json* find_list_map_item(const json* old_list, const json& item, const json* s) {
  if (old_list == nullptr || !old_list->is_array() || !item.is_object()) return nullptr;
  const json& keys = (*s)["x-kubernetes-list-map-keys"];
  for (const auto& candidate : *old_list) {
    if (!candidate.is_object()) continue;
    bool same = true;
    for (const auto& k : keys) {
      const std::string key = k.get<std::string>();
      same = same && candidate.value(key, json()) == item.value(key, json());
    }
    if (same) return &candidate;
  }
  return nullptr;
}

void walk(const json& x, const json* s, const json* old, const std::string& path, Errors& errs) {
  if (s == nullptr || x.is_null()) return;
  if (has_key(s, "x-kubernetes-validations")) run_rules(x, s, old, path, errs);
  if (x.is_object()) {
    const json* extra = schema_sub(s, "additionalProperties");
    const bool atomic_map = has_key(s, "x-kubernetes-map-type") && (*s)["x-kubernetes-map-type"] == "atomic";
    for (const auto& [k, v] : x.items()) {
      const json* prev = nullptr;
      if (old != nullptr && old->is_object() && old->contains(k) && !atomic_map) prev = &(*old)[k];
      if (const json* prop = schema_property(s, k)) {
        walk(v, prop, prev, path_child(path, k), errs);
      } else if (extra != nullptr) {
        walk(v, extra, prev, path_key(path, k), errs);
      }
    }
  } else if (x.is_array()) {
    const json* items = schema_sub(s, "items");
    const bool list_map = has_key(s, "x-kubernetes-list-type") && (*s)["x-kubernetes-list-type"] == "map";
    for (size_t i = 0; i < x.size(); ++i) {
      const json* prev = list_map ? find_list_map_item(old, x[i], s) : nullptr;
      walk(x[i], items, prev, path_index(path, i), errs);
    }
  }
}

}  // namespace

std::vector<FieldCause> validate_cel_rules(const json& object, const json& schema, const json* old_object) {
  Errors errs;
  walk(object, &schema, old_object, "", errs);
  return errs;
}

}  // namespace gpupool::sim::kube::schema
