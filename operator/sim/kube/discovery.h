#pragma once
// Legacy discovery documents (kubernetes-api.md §7.2) and /version. Pure
// functions of the registry; callers hold the store mutex.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sim/kube/registry.h"

namespace gpupool::sim::kube {

nlohmann::json version_info();
nlohmann::json api_versions(const std::string& server_address);
nlohmann::json api_group_list(const Registry& reg);
std::optional<nlohmann::json> api_group(const Registry& reg, const std::string& group);
// APIResourceList for "v1" (group "") or group/version; nullopt if not served.
std::optional<nlohmann::json> api_resource_list(const Registry& reg, const std::string& group, const std::string& version);

}  // namespace gpupool::sim::kube
