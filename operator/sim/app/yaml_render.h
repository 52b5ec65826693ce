#pragma once
// Block-style YAML for generated manifests (cloudclusters.yaml): readable for
// people, exact for kubectl. Strings are double-quoted (JSON escapes are valid
// YAML) except multi-line ones (PEM keys, key files), which become literal
// blocks with the right chomping indicator.
#include <nlohmann/json.hpp>
#include <string>

namespace gpupool::sim::app {

// One YAML document (no "---"), ending in a newline.
std::string to_block_yaml(const nlohmann::ordered_json& value);

}  // namespace gpupool::sim::app
