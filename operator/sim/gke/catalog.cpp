#include "sim/gke/catalog.h"

#include <map>

namespace gpupool::sim::gke {

namespace {
struct Family {
  const char* accelerator;
  const char* metric;
};
const std::map<std::string, Family> kFamilies{
    {"nvidia-tesla-a100", {"nvidia-tesla-a100", "NVIDIA_A100_GPUS"}},
    {"nvidia-a100-80gb", {"nvidia-a100-80gb", "NVIDIA_A100_80GB_GPUS"}},
    {"nvidia-h100-80gb", {"nvidia-h100-80gb", "NVIDIA_H100_GPUS"}},
    {"nvidia-h100-mega-80gb", {"nvidia-h100-mega-80gb", "NVIDIA_H100_MEGA_GPUS"}},
    {"nvidia-h200-141gb", {"nvidia-h200-141gb", "NVIDIA_H200_GPUS"}},
    {"nvidia-b200", {"nvidia-b200", "NVIDIA_B200_GPUS"}},
    {"nvidia-gb200", {"nvidia-gb200", "NVIDIA_GB200_GPUS"}},
    {"nvidia-l4", {"nvidia-l4", "NVIDIA_L4_GPUS"}},
    {"nvidia-rtx-pro-6000", {"nvidia-rtx-pro-6000", "NVIDIA_RTX_PRO_6000_GPUS"}},
};
// machine type -> (accelerator, GPUs per VM)
const std::map<std::string, std::pair<std::string, int>> kMachines{
    {"a2-highgpu-1g", {"nvidia-tesla-a100", 1}},   {"a2-highgpu-2g", {"nvidia-tesla-a100", 2}},
    {"a2-highgpu-4g", {"nvidia-tesla-a100", 4}},   {"a2-highgpu-8g", {"nvidia-tesla-a100", 8}},
    {"a2-megagpu-16g", {"nvidia-tesla-a100", 16}}, {"a2-ultragpu-1g", {"nvidia-a100-80gb", 1}},
    {"a2-ultragpu-2g", {"nvidia-a100-80gb", 2}},   {"a2-ultragpu-4g", {"nvidia-a100-80gb", 4}},
    {"a2-ultragpu-8g", {"nvidia-a100-80gb", 8}},   {"a3-highgpu-1g", {"nvidia-h100-80gb", 1}},
    {"a3-highgpu-2g", {"nvidia-h100-80gb", 2}},    {"a3-highgpu-4g", {"nvidia-h100-80gb", 4}},
    {"a3-highgpu-8g", {"nvidia-h100-80gb", 8}},    {"a3-edgegpu-8g", {"nvidia-h100-80gb", 8}},
    {"a3-megagpu-8g", {"nvidia-h100-mega-80gb", 8}}, {"a3-ultragpu-8g", {"nvidia-h200-141gb", 8}},
    {"a4-highgpu-8g", {"nvidia-b200", 8}},         {"a4x-highgpu-4g", {"nvidia-gb200", 4}},
    {"g2-standard-4", {"nvidia-l4", 1}},           {"g2-standard-8", {"nvidia-l4", 1}},
    {"g2-standard-12", {"nvidia-l4", 1}},          {"g2-standard-16", {"nvidia-l4", 1}},
    {"g2-standard-24", {"nvidia-l4", 2}},          {"g2-standard-32", {"nvidia-l4", 1}},
    {"g2-standard-48", {"nvidia-l4", 4}},          {"g2-standard-96", {"nvidia-l4", 8}},
    {"g4-standard-48", {"nvidia-rtx-pro-6000", 1}}, {"g4-standard-96", {"nvidia-rtx-pro-6000", 2}},
    {"g4-standard-192", {"nvidia-rtx-pro-6000", 4}}, {"g4-standard-384", {"nvidia-rtx-pro-6000", 8}},
};
}  // namespace

std::optional<MachineInfo> machine_info(const std::string& machine_type) {
  auto m = kMachines.find(machine_type);
  if (m == kMachines.end()) return std::nullopt;
  const Family& f = kFamilies.at(m->second.first);
  return MachineInfo{f.accelerator, m->second.second, f.metric};
}

}  // namespace gpupool::sim::gke
