#pragma once
// Built-in GPU machine-type catalogue, restated from
// shared/reference/gpu-catalogue.md §2/§4: for every whole-GPU machine type of
// GKE, AKS, OKE and CoreWeave CKS its provider, GPU model (normalised
// vocabulary, as in spec.gpuType), GPUs per node, on-demand list price per
// GPU-hour and rack size. Pure data and lookups; thread-safe.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/cloudcluster.h"

namespace gpupool::placement {

// Prices are integers (USD x 1e6 per GPU-hour) so ordering is exact.
using PriceMicros = long long;

struct MachineType {
  std::string_view name;
  api::Provider provider;
  std::string_view gpu_type;
  int gpus_per_node = 0;
  std::optional<PriceMicros> price;  // nullopt: no trustworthy list price
  int rack_size = 1;                 // node counts must be multiples of this
};

// Every catalogue row, in catalogue order.
const std::vector<MachineType>& machine_types();

// Case-insensitive (Azure VM sizes are); nullptr when unknown.
const MachineType* find_machine_type(std::string_view name);

// "6.155" -> 6155000. Digits with an optional fraction, at most 6 fraction
// digits kept (more are truncated); nullopt when malformed.
std::optional<PriceMicros> parse_price(std::string_view decimal);

// 6155000 -> "6.155" (for messages).
std::string format_price(PriceMicros micros);

}  // namespace gpupool::placement
