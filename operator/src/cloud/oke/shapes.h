#pragma once
// OCI GPU shapes OKE node pools can use (gpu-catalogue.md §2.3): shape name
// -> GPUs per node. Bare-metal shapes are whole hosts. Pure data.
#include <optional>
#include <string_view>

namespace gpupool::cloud::oke {

// GPUs per node of a known GPU shape; nullopt for anything else.
std::optional<int> gpus_per_node(std::string_view shape);

}  // namespace gpupool::cloud::oke
