#pragma once
// Small accessors over a JSON-schema node shared by prune/default/validate/CEL.
// Internal to schema/.
#include <nlohmann/json.hpp>
#include <string>

namespace gpupool::sim::kube::schema {

using json = nlohmann::json;

// Boolean keyword, false when absent or not a bool.
inline bool schema_flag(const json* s, const char* key) {
  if (s == nullptr || !s->is_object()) return false;
  auto it = s->find(key);
  return it != s->end() && it->is_boolean() && it->get<bool>();
}

// Object-valued keyword (e.g. "items", "additionalProperties"), else nullptr.
inline const json* schema_sub(const json* s, const char* key) {
  if (s == nullptr || !s->is_object()) return nullptr;
  auto it = s->find(key);
  return (it != s->end() && it->is_object()) ? &*it : nullptr;
}

// properties[name], else nullptr.
inline const json* schema_property(const json* s, const std::string& name) {
  const json* props = schema_sub(s, "properties");
  if (props == nullptr) return nullptr;
  auto it = props->find(name);
  return it != props->end() && it->is_object() ? &*it : nullptr;
}

// Schema for a field of an object: its property, else the additionalProperties schema.
inline const json* schema_for_field(const json* s, const std::string& name) {
  if (const json* p = schema_property(s, name)) return p;
  return schema_sub(s, "additionalProperties");
}

inline std::string schema_type(const json* s) {
  if (s == nullptr || !s->is_object()) return "";
  auto it = s->find("type");
  return it != s->end() && it->is_string() ? it->get<std::string>() : "";
}

inline bool has_key(const json* s, const char* key) { return s != nullptr && s->is_object() && s->contains(key); }

}  // namespace gpupool::sim::kube::schema
