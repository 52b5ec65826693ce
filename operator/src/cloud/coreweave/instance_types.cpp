#include "cloud/coreweave/instance_types.h"

namespace gpupool::cloud::coreweave {

bool is_rack_type(std::string_view t) { return t.starts_with("gb200") || t.starts_with("gb300"); }

int round_to_racks(std::string_view instance_type, int nodes) {
  if (!is_rack_type(instance_type) || nodes <= 0) return nodes;
  return (nodes + kRackNodes - 1) / kRackNodes * kRackNodes;
}

}  // namespace gpupool::cloud::coreweave
