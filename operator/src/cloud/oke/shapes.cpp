#include "cloud/oke/shapes.h"

#include <array>
#include <utility>

namespace gpupool::cloud::oke {

std::optional<int> gpus_per_node(std::string_view shape) {
  static constexpr std::array<std::pair<std::string_view, int>, 10> kShapes = {{
      {"BM.GPU.H100.8", 8},
      {"BM.GPU.H200.8", 8},
      {"BM.GPU.A100-v2.8", 8},
      {"BM.GPU.B200.8", 8},
      {"BM.GPU4.8", 8},
      {"BM.GPU.L40S.4", 4},
      {"BM.GPU.A10.4", 4},
      {"VM.GPU.A10.1", 1},
      {"VM.GPU.A10.2", 2},
      {"BM.GPU.MI300X.8", 8},
  }};
  for (const auto& [name, gpus] : kShapes)
    if (name == shape) return gpus;
  return std::nullopt;
}

}  // namespace gpupool::cloud::oke
