#include "cloud/gke/machine_types.h"

#include <array>
#include <utility>

namespace gpupool::cloud::gke {

namespace {
struct Row {
  std::string_view machine;
  std::string_view accelerator;
  int count;
};

// Copied from gpu-catalogue.md §2.1 (GPUs fixed by the machine type).
constexpr std::array kRows{
    Row{"a2-highgpu-1g", "nvidia-tesla-a100", 1},      Row{"a2-highgpu-2g", "nvidia-tesla-a100", 2},
    Row{"a2-highgpu-4g", "nvidia-tesla-a100", 4},      Row{"a2-highgpu-8g", "nvidia-tesla-a100", 8},
    Row{"a2-megagpu-16g", "nvidia-tesla-a100", 16},    Row{"a2-ultragpu-1g", "nvidia-a100-80gb", 1},
    Row{"a2-ultragpu-2g", "nvidia-a100-80gb", 2},      Row{"a2-ultragpu-4g", "nvidia-a100-80gb", 4},
    Row{"a2-ultragpu-8g", "nvidia-a100-80gb", 8},      Row{"a3-highgpu-1g", "nvidia-h100-80gb", 1},
    Row{"a3-highgpu-2g", "nvidia-h100-80gb", 2},       Row{"a3-highgpu-4g", "nvidia-h100-80gb", 4},
    Row{"a3-highgpu-8g", "nvidia-h100-80gb", 8},       Row{"a3-edgegpu-8g", "nvidia-h100-80gb", 8},
    Row{"a3-megagpu-8g", "nvidia-h100-mega-80gb", 8},  Row{"a3-ultragpu-8g", "nvidia-h200-141gb", 8},
    Row{"a4-highgpu-8g", "nvidia-b200", 8},            Row{"a4x-highgpu-4g", "nvidia-gb200", 4},
    Row{"g2-standard-4", "nvidia-l4", 1},              Row{"g2-standard-8", "nvidia-l4", 1},
    Row{"g2-standard-12", "nvidia-l4", 1},             Row{"g2-standard-16", "nvidia-l4", 1},
    Row{"g2-standard-24", "nvidia-l4", 2},             Row{"g2-standard-32", "nvidia-l4", 1},
    Row{"g2-standard-48", "nvidia-l4", 4},             Row{"g2-standard-96", "nvidia-l4", 8},
    Row{"g4-standard-48", "nvidia-rtx-pro-6000", 1},   Row{"g4-standard-96", "nvidia-rtx-pro-6000", 2},
    Row{"g4-standard-192", "nvidia-rtx-pro-6000", 4},  Row{"g4-standard-384", "nvidia-rtx-pro-6000", 8},
};
}  // namespace

std::optional<Accelerator> accelerator_for(std::string_view machine_type) {
  for (const auto& r : kRows)
    if (r.machine == machine_type) return Accelerator{std::string(r.accelerator), r.count};
  return std::nullopt;
}

}  // namespace gpupool::cloud::gke
