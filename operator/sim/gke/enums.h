#pragma once
// Container v1 enums: requests may carry names or numbers (REST fallback
// sends numbers); responses use names unless the client asked for
// `$alt=json;enum-encoding=int`.
#include <nlohmann/json.hpp>

namespace gpupool::sim::gke {

// Rewrites numeric enums in a NodePool (request form) to their names.
void enums_to_names(nlohmann::json& node_pool);

// Rewrites enum names in a NodePool or Operation response to numbers.
void node_pool_enums_to_ints(nlohmann::json& node_pool);
void operation_enums_to_ints(nlohmann::json& operation);

}  // namespace gpupool::sim::gke
