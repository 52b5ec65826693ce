#pragma once
// apimachinery field.Error constructors and the Go fmt renderings their
// messages depend on (kubernetes 1.32 `field/errors.go` ErrorBody), so causes
// read exactly like kube-apiserver's. Internal to schema/; pure functions.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/kube/schema/schema.h"

namespace gpupool::sim::kube::schema {

// strconv.Quote: "a\"b" with Go escapes.
std::string go_quote(const std::string& s);
// fmt %v of a float64: 0, 1.5, 1e+06.
std::string go_float(double v);
// fmt %#v of a decoded JSON value (map[string]interface {}{...}, []interface {}{...}).
std::string go_sharp_v(const json& v);
// How ErrorBody prints a bad value: 3, 1.5, true, "str", "null", %#v otherwise.
std::string go_bad_value(const json& v);

FieldCause required_error(const std::string& field, const std::string& detail = "");
FieldCause forbidden_error(const std::string& field, const std::string& detail);
FieldCause invalid_error(const std::string& field, const json& value, const std::string& detail);
FieldCause type_invalid_error(const std::string& field, const json& value, const std::string& detail);
FieldCause not_supported_error(const std::string& field, const json& value, const std::vector<std::string>& valid);
FieldCause duplicate_error(const std::string& field, const json& value);
FieldCause too_long_error(const std::string& field, long long max_bytes);
FieldCause too_many_error(const std::string& field, long long actual, long long max_items);

// field.Path helpers: child("spec","x") = "spec.x", index("a",0) = "a[0]", key("m","k") = "m[k]".
std::string path_child(const std::string& parent, const std::string& name);
std::string path_index(const std::string& parent, size_t i);
std::string path_key(const std::string& parent, const std::string& key);

}  // namespace gpupool::sim::kube::schema
