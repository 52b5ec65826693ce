#pragma once
// The three validation passes validate() runs, in kube-apiserver's order:
// OpenAPI keywords (kube-openapi messages), list-type uniqueness, CEL rules.
// Internal to schema/.
#include <string>
#include <vector>

#include "sim/kube/schema/schema.h"

namespace gpupool::sim::kube::schema {

// `root_name` names the value in messages ("" for an object root).
std::vector<FieldCause> validate_openapi(const json& object, const json& schema, const std::string& root_name = "");
std::vector<FieldCause> validate_list_types(const json& object, const json& schema);
// `old_object` null on create: transition rules (oldSelf) are skipped then.
std::vector<FieldCause> validate_cel_rules(const json& object, const json& schema, const json* old_object);

// JSON type name as OpenAPI names it: "integer", "number", "string", ...
std::string json_type_name(const json& v);

}  // namespace gpupool::sim::kube::schema
