#pragma once
// The GPU machine types the simulated GKE knows (gpu-catalogue.md §2.1, §3.1):
// attached accelerator, GPUs per VM and the regional GPU quota metric.
#include <optional>
#include <string>

namespace gpupool::sim::gke {

struct MachineInfo {
  std::string accelerator;  // "nvidia-h100-80gb"
  int gpus = 0;
  std::string quota_metric;  // "NVIDIA_H100_GPUS" (Spot: "PREEMPTIBLE_" prefix)
};

std::optional<MachineInfo> machine_info(const std::string& machine_type);

}  // namespace gpupool::sim::gke
