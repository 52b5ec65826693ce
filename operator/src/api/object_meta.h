#pragma once
// The slice of metav1.ObjectMeta our controllers read. Every typed model
// (GPUPool, CloudCluster, Secret, Event, Lease) has `ObjectMeta metadata` and
// a `static T from_json(const nlohmann::json&)` that never throws: an object
// whose body cannot be decoded keeps its metadata and sets `decode_error`, so
// the controller can report it (Invalid condition + Event) instead of crashing.
#include <chrono>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace gpupool::api {

struct ObjectMeta {
  std::string ns;  // metadata.namespace ("" for cluster-scoped)
  std::string name;
  std::string uid;
  std::string resource_version;
  long long generation = 0;
  std::map<std::string, std::string> labels;
  std::vector<std::string> finalizers;
  bool deleting = false;  // metadata.deletionTimestamp is set
  std::string creation_timestamp;

  // "namespace/name" (or "name" when cluster-scoped): the work-queue key.
  std::string key() const { return ns.empty() ? name : ns + "/" + name; }
  bool has_finalizer(const std::string& f) const;

  // Reads object["metadata"]; never throws. Mistyped fields are skipped: the
  // server owns metadata, so a bad one is not the user's spec error.
  static ObjectMeta from_json(const nlohmann::json& object);
};

}  // namespace gpupool::api
