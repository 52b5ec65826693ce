#pragma once
// Validation and defaulting of an agent pool PUT body's `properties`
// (cloud-apis.md §2.3): what AKS rejects synchronously with 400, and the
// defaults it fills in (PUT replaces, so omitted fields fall back to these).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/aks/catalog.h"
#include "sim/server/http_types.h"

namespace gpupool::sim::aks {

struct ValidPool {
  nlohmann::json props;  // normalized: read-only fields dropped, defaults filled
  VmSize size;
};

// 1-12 lowercase letters/digits, starting with a letter (Linux pools).
bool valid_pool_name(const std::string& name);

// `existing` = the stored properties of the pool being replaced, or null.
// Returns the error answer, or the normalized pool in `out`.
std::optional<HttpResponse> validate_pool(const nlohmann::json& props, const nlohmann::json& existing,
                                          const std::string& orchestrator_version, ValidPool& out);

// ARM's own tag rules (checked before the request reaches AKS).
std::optional<HttpResponse> validate_tags(const nlohmann::json& props);

}  // namespace gpupool::sim::aks
