#pragma once
// The set of served resources: built-in kinds plus one entry per served
// version of every Established CRD. Not thread-safe: callers hold the
// store mutex (ApiServer serialises all state access on it).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/kube/resource_info.h"

namespace gpupool::sim::kube {

struct ServedResource {
  ResourceInfo info;
  std::string storage_key;        // info.qualified_name(): shared by all versions of a CRD
  std::string storage_version;    // apiVersion objects are stored with
  bool track_generation = false;  // metadata.generation maintained
  std::string crd_name;           // owning CRD for custom resources
  std::vector<std::string> field_labels;  // extra field-selector labels ("involvedObject.name")
};

using ResourcePtr = std::shared_ptr<const ServedResource>;

class Registry {
 public:
  Registry();  // registers the built-in kinds

  ResourcePtr find(const std::string& group, const std::string& version, const std::string& plural) const;
  // Any served version using `storage_key` (CRs keep serving while a CRD is being replaced).
  ResourcePtr find_storage(const std::string& storage_key) const;
  std::vector<ResourcePtr> for_group_version(const std::string& group, const std::string& version) const;
  std::vector<ResourcePtr> all() const { return resources_; }

  struct Group {
    std::string name;
    std::vector<std::string> versions;  // preferred first
  };
  std::vector<Group> groups() const;  // excludes the core group

  // Replaces every entry of CRD `crd_name` with `versions` (empty: unregister).
  void set_crd(const std::string& crd_name, std::vector<ServedResource> versions);
  // Bumped whenever the served set changes (discovery/OpenAPI caches).
  std::uint64_t generation() const { return generation_; }

 private:
  void add(ServedResource r);
  std::vector<ResourcePtr> resources_;
  std::uint64_t generation_ = 1;
};

// Field-selector support: labels accepted for `r` and the value of one in `object`.
bool field_label_supported(const ServedResource& r, const std::string& label);
std::optional<std::string> field_value(const ServedResource& r, const nlohmann::json& object, const std::string& label);

}  // namespace gpupool::sim::kube
