#pragma once
// GKE GPU machine types (gpu-catalogue.md §2.1): the accelerator type and the
// fixed GPU count each accelerator-optimized machine carries.
#include <optional>
#include <string>
#include <string_view>

namespace gpupool::cloud::gke {

struct Accelerator {
  std::string type;  // "nvidia-h100-80gb"
  int count = 0;
};

// nullopt for machine types without attached GPUs we know of.
std::optional<Accelerator> accelerator_for(std::string_view machine_type);

}  // namespace gpupool::cloud::gke
