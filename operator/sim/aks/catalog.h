#pragma once
// Azure VM sizes the simulated AKS knows (gpu-catalogue.md §2.2, §3.2): vCPUs
// and the vCPU quota family each node draws on, GPUs per node.
#include <optional>
#include <string>

namespace gpupool::sim::aks {

struct VmSize {
  std::string name;
  int vcpus = 0;
  int gpus = 0;
  std::string family;  // quota family, exactly as the Resource SKU API spells it
};

// Case-insensitive lookup (ARM treats VM size names case-insensitively).
std::optional<VmSize> find_vm_size(const std::string& name);

// Spot nodes draw on the regional low-priority vCPU quota instead.
inline constexpr const char* kLowPriorityQuota = "lowPriorityCores";

}  // namespace gpupool::sim::aks
