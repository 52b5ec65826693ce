// OpenAPI value validation with kube-openapi's messages, converted to field
// errors the way apiextensions-apiserver does (kubeOpenAPIResultToFieldErrors):
// required -> Required, enum -> NotSupported, maxLength -> TooLong,
// maxItems/maxProperties -> TooMany, type -> TypeInvalid, rest -> Invalid
// with the go-openapi text ("spec.gpus in body should be ...").
#include <cmath>
#include <regex>

#include "sim/kube/schema/field_error.h"
#include "sim/kube/schema/schema_internal.h"
#include "sim/kube/schema/schema_util.h"

namespace gpupool::sim::kube::schema {

std::string json_type_name(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_string()) return "string";
  if (v.is_number_float()) return "number";
  if (v.is_number()) return "integer";
  if (v.is_array()) return "array";
  return "object";
}

namespace {

using Errors = std::vector<FieldCause>;

void validate_node(const json& x, const json* s, const std::string& name, Errors& errs);

std::vector<std::string> allowed_types(const json* s) {
  if (schema_flag(s, "x-kubernetes-int-or-string")) return {"integer", "string"};
  std::string t = schema_type(s);
  return t.empty() ? std::vector<std::string>{} : std::vector<std::string>{t};
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

// Returns false (after recording the error) when the value has the wrong type.
bool check_type(const json& x, const json* s, const std::string& name, Errors& errs) {
  auto types = allowed_types(s);
  if (types.empty()) return true;
  auto has = [&](const char* t) { return std::find(types.begin(), types.end(), t) != types.end(); };
  std::string actual = json_type_name(x);
  if (x.is_null()) {
    if (schema_flag(s, "nullable")) return false;  // valid, nothing more to check
  } else if (has(actual.c_str()) || (actual == "number" && has("integer") && std::floor(x.get<double>()) == x.get<double>()) ||
             (actual == "integer" && has("number"))) {
    return true;
  }
  errs.push_back(type_invalid_error(name, actual,
                                    name + " in body must be of type " + join(types, ",") + ": \"" + actual + "\""));
  return false;
}

size_t rune_count(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void check_string(const json& x, const json* s, const std::string& name, Errors& errs) {
  const std::string str = x.get<std::string>();
  if (has_key(s, "maxLength") && rune_count(str) > (*s)["maxLength"].get<size_t>()) {
    errs.push_back(too_long_error(name, (*s)["maxLength"].get<long long>()));
  }
  if (has_key(s, "minLength") && rune_count(str) < (*s)["minLength"].get<size_t>()) {
    errs.push_back(invalid_error(name, x, name + " in body should be at least " + (*s)["minLength"].dump() + " chars long"));
  }
  if (has_key(s, "pattern")) {
    const std::string pattern = (*s)["pattern"].get<std::string>();
    bool ok = true;
    try {
      ok = std::regex_search(str, std::regex(pattern, std::regex::ECMAScript));
    } catch (const std::regex_error&) {
      ok = true;  // check_crd_schema rejects bad patterns; never fail objects on our regex gaps
    }
    if (!ok) errs.push_back(invalid_error(name, x, name + " in body should match '" + pattern + "'"));
  }
}

// Bound text as kube-openapi prints it: integer data is compared with the
// bound truncated to int64 (and printed so), floats with the float bound.
std::string bound_text(const json& x, double bound) {
  return x.is_number_float() ? go_float(bound) : std::to_string(static_cast<long long>(bound));
}

void check_number(const json& x, const json* s, const std::string& name, Errors& errs) {
  const double v = x.get<double>();
  if (has_key(s, "multipleOf")) {
    double m = (*s)["multipleOf"].get<double>();
    if (m > 0 && std::fmod(v, m) != 0) {
      errs.push_back(invalid_error(name, x, name + " in body should be a multiple of " + go_float(m)));
    }
  }
  if (has_key(s, "minimum")) {
    double min = (*s)["minimum"].get<double>();
    bool excl = schema_flag(s, "exclusiveMinimum");
    double cmp = x.is_number_float() ? min : std::trunc(min);
    if (excl ? v <= cmp : v < cmp) {
      errs.push_back(invalid_error(name, x, name + " in body should be greater than " + (excl ? "" : "or equal to ") + bound_text(x, min)));
    }
  }
  if (has_key(s, "maximum")) {
    double max = (*s)["maximum"].get<double>();
    bool excl = schema_flag(s, "exclusiveMaximum");
    double cmp = x.is_number_float() ? max : std::trunc(max);
    if (excl ? v >= cmp : v > cmp) {
      errs.push_back(invalid_error(name, x, name + " in body should be less than " + (excl ? "" : "or equal to ") + bound_text(x, max)));
    }
  }
}

void check_array(const json& x, const json* s, const std::string& name, Errors& errs) {
  if (const json* items = schema_sub(s, "items")) {
    for (size_t i = 0; i < x.size(); ++i) validate_node(x[i], items, path_index(name, i), errs);
  }
  const long long n = static_cast<long long>(x.size());
  if (has_key(s, "minItems") && n < (*s)["minItems"].get<long long>()) {
    errs.push_back(invalid_error(name, n, name + " in body should have at least " + (*s)["minItems"].dump() + " items"));
  }
  if (has_key(s, "maxItems") && n > (*s)["maxItems"].get<long long>()) {
    errs.push_back(too_many_error(name, n, (*s)["maxItems"].get<long long>()));
  }
}

bool enum_equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a == b;
}

void check_enum(const json& x, const json* s, const std::string& name, Errors& errs) {
  const json& values = (*s)["enum"];
  if (!values.is_array() || values.empty()) return;
  for (const auto& e : values) {
    if (enum_equal(x, e)) return;
  }
  std::vector<std::string> names;
  for (const auto& e : values) names.push_back(e.is_string() ? e.get<std::string>() : e.dump());
  errs.push_back(not_supported_error(name, x, names));
}

void check_object(const json& x, const json* s, const std::string& name, Errors& errs) {
  const long long n = static_cast<long long>(x.size());
  if (has_key(s, "minProperties") && n < (*s)["minProperties"].get<long long>()) {
    errs.push_back(invalid_error(name, n, name + " in body should have at least " + (*s)["minProperties"].dump() + " properties"));
    return;  // kube-openapi stops checking this object here
  }
  if (has_key(s, "maxProperties") && n > (*s)["maxProperties"].get<long long>()) {
    errs.push_back(too_many_error(name, n, (*s)["maxProperties"].get<long long>()));
    return;
  }
  const json* extra = schema_sub(s, "additionalProperties");
  for (const auto& [k, v] : x.items()) {
    if (extra != nullptr && schema_property(s, k) == nullptr) validate_node(v, extra, path_child(name, k), errs);
  }
  for (const auto& [k, v] : x.items()) {
    if (const json* prop = schema_property(s, k)) validate_node(v, prop, path_child(name, k), errs);
  }
  if (has_key(s, "required") && (*s)["required"].is_array()) {
    for (const auto& r : (*s)["required"]) {
      if (r.is_string() && !x.contains(r.get<std::string>())) errs.push_back(required_error(path_child(name, r.get<std::string>())));
    }
  }
}

void validate_node(const json& x, const json* s, const std::string& name, Errors& errs) {
  if (s == nullptr || !s->is_object()) return;
  if (!check_type(x, s, name, errs) || x.is_null()) return;
  if (x.is_string()) check_string(x, s, name, errs);
  if (x.is_number()) check_number(x, s, name, errs);
  if (x.is_array()) check_array(x, s, name, errs);
  if (has_key(s, "enum")) check_enum(x, s, name, errs);
  if (x.is_object()) check_object(x, s, name, errs);
}

}  // namespace

std::vector<FieldCause> validate_openapi(const json& object, const json& schema, const std::string& root_name) {
  Errors errs;
  validate_node(object, &schema, root_name, errs);
  return errs;
}

}  // namespace gpupool::sim::kube::schema
