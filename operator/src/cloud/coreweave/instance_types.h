#pragma once
// CoreWeave instance-type rules the client must respect before calling CKS
// (gpu-catalogue.md §2.4, §3.4). Pure; thread-safe.
#include <string_view>

namespace gpupool::cloud::coreweave {

// One GB200/GB300 NVL72 rack: 18 nodes of 4 GPUs.
inline constexpr int kRackNodes = 18;

// NVL72 rack-based types (gb200-4x, gb300-4x and variants): CKS accepts only
// whole racks and refuses autoscaling for them.
bool is_rack_type(std::string_view instance_type);

// Node count CKS will accept for `nodes` of `instance_type`: rack types round
// UP to whole racks (asking for 20 GB200 nodes yields 36), because a partial
// rack is refused and rounding down would undershoot the GPUs the user asked
// for. Other types and non-positive counts are returned unchanged.
int round_to_racks(std::string_view instance_type, int nodes);

}  // namespace gpupool::cloud::coreweave
