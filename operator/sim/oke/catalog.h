#pragma once
// The simulated OCI's GPU shapes (gpu-catalogue.md §2.3): GPUs per node and
// the service-limit name that counts them (per AD in OCI; one pool here).
// None of the current GPU shapes can be preemptible.
#include <optional>
#include <string>

namespace gpupool::sim::oke {

struct ShapeInfo {
  int gpus = 0;
  std::string limit_name;  // "gpu-h100-count": units are GPUs
  bool preemptible = false;
};

std::optional<ShapeInfo> shape_info(const std::string& shape);

}  // namespace gpupool::sim::oke
