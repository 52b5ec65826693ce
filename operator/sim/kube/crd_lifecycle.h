#pragma once
// CustomResourceDefinition handling (kubernetes-api.md §6): validation and
// defaulting of a CRD write, the naming/establishing controllers' status
// (done synchronously: one simulated apiserver), and the ServedResources a
// CRD contributes. Pure functions; errors are thrown as ApiError (422).
#include <nlohmann/json.hpp>
#include <vector>

#include "sim/kube/registry.h"

namespace gpupool::sim::kube {

// Defaults and validates `crd` (old is the stored CRD on update, else null).
// `others` are the other stored CRDs (name conflicts). Sets status conditions
// NamesAccepted/Established, acceptedNames and storedVersions.
void prepare_crd(nlohmann::json& crd, const nlohmann::json* old, const std::vector<const nlohmann::json*>& others);

// One entry per served version of an Established CRD (empty if not established).
std::vector<ServedResource> crd_resources(const nlohmann::json& crd);

}  // namespace gpupool::sim::kube
