#pragma once
// core/v1 Event (kubernetes-api.md §9): what we POST and, for dedup, PATCH.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/object_meta.h"

namespace gpupool::api {

struct ObjectReference {
  std::string api_version, kind, ns, name, uid, resource_version;
  bool operator==(const ObjectReference&) const = default;
};

struct Event {
  static constexpr const char* kKind = "Event";
  ObjectMeta metadata;  // name "<object>.<hex nanos>", namespace of the object
  ObjectReference involved_object;
  std::string reason;
  std::string message;
  std::string type = "Normal";  // Normal | Warning
  int count = 1;
  std::string first_timestamp, last_timestamp;  // metav1.Time
  std::string event_time;                       // MicroTime
  std::string reporting_component = "gpupool-operator";
  std::string reporting_instance;
  std::optional<std::string> decode_error;

  static Event from_json(const nlohmann::json& object);
  nlohmann::json to_json() const;
};

}  // namespace gpupool::api
