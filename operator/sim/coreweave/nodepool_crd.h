#pragma once
// The CustomResourceDefinition CKS serves for node pools:
// nodepools.compute.coreweave.com, v1alpha1, kind NodePool, cluster-scoped,
// with a status subresource. The structural schema follows CoreWeave's "Node
// Pool reference" (cloud-apis.md §4.3); the admission rules CKS enforces are
// CEL x-kubernetes-validations here: instanceType immutable, exactly one of
// targetNodes/targetRacks, whole racks of 18 and no autoscaling for the
// NVL72 rack types (gb200-*, gb300-*). Pure; thread-safe.
#include <nlohmann/json.hpp>
#include <string>

namespace gpupool::sim::coreweave {

inline constexpr const char* kGroup = "compute.coreweave.com";
inline constexpr const char* kVersion = "v1alpha1";
inline constexpr const char* kNodePoolsPath = "/apis/compute.coreweave.com/v1alpha1/nodepools";
inline constexpr int kRackNodes = 18;  // one NVL72 rack = 18 nodes of 4 GPUs

nlohmann::json nodepool_crd();

// True for NVL72 rack-based instance types (whole racks only, no autoscaling).
bool is_rack_type(const std::string& instance_type);

}  // namespace gpupool::sim::coreweave
