#pragma once
// Lease (coordination.k8s.io/v1) for leader election (kubernetes-api.md §8).
// Times are MicroTime strings kept verbatim: expiry is judged from the local
// observation time, never from these (clock skew), so they are not parsed.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/object_meta.h"

namespace gpupool::api {

struct LeaseSpec {
  std::string holder_identity;
  int lease_duration_seconds = 0;
  std::string acquire_time;
  std::string renew_time;
  int lease_transitions = 0;
  bool operator==(const LeaseSpec&) const = default;
};

struct Lease {
  static constexpr const char* kKind = "Lease";
  ObjectMeta metadata;
  LeaseSpec spec;
  std::optional<std::string> decode_error;

  static Lease from_json(const nlohmann::json& object);
  // Full object for create/update; carries resourceVersion when set.
  nlohmann::json to_json() const;
};

}  // namespace gpupool::api
