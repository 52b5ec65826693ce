#pragma once
// Structural-schema behaviour of CRDs, as kube-apiserver applies it
// (kubernetes-api.md §6.2): pruning, defaulting, OpenAPI validation and the
// CEL x-kubernetes-validations subset we can evaluate. Pure functions over
// JSON; no I/O, thread-safe.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gpupool::sim::kube::schema {

using json = nlohmann::json;

// One entry of a 422 Status's details.causes.
struct FieldCause {
  std::string reason;   // "FieldValueRequired", "FieldValueInvalid", "FieldValueNotSupported",
                        // "FieldValueTypeInvalid", "FieldValueTooLong", "FieldValueTooMany", "FieldValueDuplicate", ...
  std::string message;  // e.g. "Unsupported value: \"Foo\": supported values: \"Priority\", \"Spread\""
  std::string field;    // e.g. "spec.targets[0].minNodes"
};

// Removes fields not in the schema (respecting x-kubernetes-preserve-unknown-fields
// and x-kubernetes-embedded-resource); apiVersion/kind/metadata at the root are
// kept. Pruned paths (".spec.foo") are appended to `pruned` if non-null;
// strip the leading dot for kube's message `unknown field "spec.foo"`.
void prune(json& object, const json& schema, std::vector<std::string>* pruned);

// Fills `default`s (recursively, objects created only when the schema says so
// via a default on the parent). Run after prune, before validate.
void apply_defaults(json& object, const json& schema);

// Validates type, required, enum, minimum/maximum (+exclusive), pattern,
// min/maxItems, min/maxLength, min/maxProperties, list-map keys uniqueness
// (x-kubernetes-list-type: map/set) and CEL x-kubernetes-validations rules.
// `old_object` (may be null) enables transition rules (oldSelf).
// Field paths omit the leading dot: "spec.gpus". As in kube-apiserver 1.32,
// CEL is skipped when a Required/NotSupported/TooLong/TooMany/TypeInvalid
// error exists, adding one cause with field "<nil>" saying so; rule failures
// at the root also use field "<nil>". No ratcheting of unchanged fields.
std::vector<FieldCause> validate(const json& object, const json& schema, const json* old_object);

// Checks a CRD version schema before the CRD is accepted: structural (every
// node has a type unless preserve-unknown-fields / int-or-string), and every
// CEL rule parses in our subset. Unsupported rules are reported here so a CRD
// is never served with rules we would silently skip.
std::vector<FieldCause> check_crd_schema(const json& schema, const std::string& field_prefix);

}  // namespace gpupool::sim::kube::schema
