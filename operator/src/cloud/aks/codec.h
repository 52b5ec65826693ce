#pragma once
// JSON shapes of the agentPools API (cloud-apis.md §2.3): our NodePoolSpec to
// the full PUT body, an agent pool back to cloud::NodePool, and the
// read-modify-write helpers for resize/autoscaling (PUT replaces, so the
// whole writable object is re-sent).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cloud/provider.h"
#include "common/result.h"

namespace gpupool::cloud::aks {

// GPUs per node of the GPU VM sizes we place (gpu-catalogue.md §2.2); nullopt
// for sizes we do not know.
std::optional<int> gpus_per_node(const std::string& vm_size);

// {"properties":{count, vmSize, mode User, osType Linux, type
// VirtualMachineScaleSets, availabilityZones, enableAutoScaling (+min/max),
// scaleSetPriority (+ Spot: scaleSetEvictionPolicy Delete, spotMaxPrice -1),
// capacityReservationGroupID (Reserved), nodeLabels, nodeTaints
// "key=value:Effect", tags (ownership)}}. InvalidArgument for a spec AKS
// would reject (name, size, GPU count, taint effect, reservation).
Result<nlohmann::json> put_body(const NodePoolSpec& spec);

// The writable part of a pool as read (GET), ready to PUT back: only
// `properties`, without read-only fields (provisioningState, powerState,
// eTag, currentOrchestratorVersion, nodeImageVersion, status...).
nlohmann::json writable(const nlohmann::json& pool);

// The pool as AKS describes it. AKS has no per-node ready count in the pool
// object: desired = `count`; current/ready = `count` once provisioningState is
// Succeeded and powerState Running, else 0 (the provider refines this).
NodePool parse_pool(const nlohmann::json& pool);

// provisioningState words that mean "an operation is still running".
bool transitional_state(const std::string& state);

}  // namespace gpupool::cloud::aks
