#pragma once
// Secret (core/v1) as cached: metadata, type and the NAMES of its data keys.
// Values are deliberately not kept in the cache (smaller, and nothing can log
// what it does not hold); code that needs a credential reads it with
// decode_secret_values() from a fresh GET and must never log the result.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "api/object_meta.h"
#include "common/result.h"

namespace gpupool::api {

struct Secret {
  static constexpr const char* kKind = "Secret";
  ObjectMeta metadata;
  std::string type;
  std::set<std::string> keys;  // data ∪ stringData keys with non-empty values
  std::optional<std::string> decode_error;

  bool has_key(const std::string& k) const { return keys.count(k) > 0; }
  static Secret from_json(const nlohmann::json& object);
};

// Base64-decoded `data` (plus any `stringData`) of a Secret object.
// InvalidArgument naming the KEY (never the value) if a value is not base64.
Result<std::map<std::string, std::string>> decode_secret_values(const nlohmann::json& object);

}  // namespace gpupool::api
