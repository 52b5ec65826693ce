#include "sim/oke/catalog.h"

#include <map>

namespace gpupool::sim::oke {

std::optional<ShapeInfo> shape_info(const std::string& shape) {
  static const std::map<std::string, ShapeInfo> kShapes = {
      {"BM.GPU.H100.8", {8, "gpu-h100-count", false}},
      {"BM.GPU.H200.8", {8, "gpu-h200-count", false}},
      {"BM.GPU.A100-v2.8", {8, "gpu-a100-v2-count", false}},
      {"BM.GPU4.8", {8, "gpu4-count", false}},
      {"BM.GPU.B200.8", {8, "gpu-b200-count", false}},
      {"BM.GPU.L40S.4", {4, "gpu-l40s-count", false}},
      {"BM.GPU.A10.4", {4, "gpu-a10-count", false}},
      {"VM.GPU.A10.1", {1, "gpu-a10-count", false}},
      {"VM.GPU.A10.2", {2, "gpu-a10-count", false}},
      {"BM.GPU.MI300X.8", {8, "gpu-mi300x-count", false}},
      // A plain CPU shape, so non-GPU pools work too.
      {"VM.Standard.E4.Flex", {0, "standard-e4-core-count", true}},
  };
  auto it = kShapes.find(shape);
  if (it == kShapes.end()) return std::nullopt;
  return it->second;
}

}  // namespace gpupool::sim::oke
