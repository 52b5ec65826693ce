#include "placement/sizing.h"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace gpupool::placement {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Checks that need the catalogue row: the GPU model and the provider must
// match what the machine type really is (a wrong pair would never schedule).
std::optional<Invalid> check_catalogue(const api::PoolTarget& t, const MachineType& m, const std::string& gpu_type,
                                       std::optional<api::Provider> cluster_provider) {
  if (!gpu_type.empty() && lower(gpu_type) != lower(m.gpu_type))
    return Invalid{"GPUTypeMismatch", "machine type " + t.machine_type + " carries " + std::string(m.gpu_type) +
                                          ", not spec.gpuType " + gpu_type};
  if (cluster_provider && *cluster_provider != m.provider)
    return Invalid{"ProviderMismatch", "machine type " + t.machine_type + " is a " + api::to_string(m.provider) +
                                           " type but CloudCluster " + t.cloud_cluster_ref + " is " +
                                           api::to_string(*cluster_provider)};
  return std::nullopt;
}

std::optional<Invalid> check_bounds(const api::PoolTarget& t, const SizedTarget& s) {
  if (t.autoscaling && s.provider == api::Provider::OKE)
    return Invalid{"AutoscalingUnsupported", "OKE has no node-pool autoscaler; set autoscaling: false"};
  if (t.autoscaling && !t.max_nodes)
    return Invalid{"InvalidBounds", "maxNodes is required when autoscaling is true"};
  if (s.hi && s.lo > *s.hi)
    return Invalid{"InvalidBounds", "minNodes " + std::to_string(t.min_nodes) + " > maxNodes " +
                                        std::to_string(*t.max_nodes) + " (in racks of " + std::to_string(s.rack) + ")"};
  return std::nullopt;
}

}  // namespace

int round_up(int n, int rack) { return (std::max(n, 0) + rack - 1) / rack * rack; }
int round_down(int n, int rack) { return std::max(n, 0) / rack * rack; }

int nodes_for_gpus(int gpus, int gpus_per_node, int rack) {
  if (gpus <= 0) return 0;
  return round_up((gpus + gpus_per_node - 1) / gpus_per_node, rack);
}

int zone_multiple(const api::PoolTarget& t, std::optional<api::Provider> provider,
                  const std::optional<cloud::NodePool>& pool) {
  if (provider != api::Provider::GKE) return 1;
  if (!t.zones.empty()) return static_cast<int>(t.zones.size());
  return pool && !pool->zones.empty() ? static_cast<int>(pool->zones.size()) : 1;
}

SizedTarget size_target(const api::PoolTarget& t, const std::string& gpu_type,
                        std::optional<api::Provider> cluster_provider, int zones) {
  SizedTarget s;
  const MachineType* m = find_machine_type(t.machine_type);
  s.provider = cluster_provider ? cluster_provider : (m ? std::optional(m->provider) : std::nullopt);
  if (!m && !t.gpus_per_node) {
    s.invalid = Invalid{"UnknownMachineType", "machine type " + t.machine_type +
                                                  " is not in the GPU catalogue; set gpusPerNode"};
    return s;
  }
  // An explicit gpusPerNode wins: it is how users size types we do not know.
  s.gpus_per_node = t.gpus_per_node.value_or(m ? m->gpus_per_node : 0);
  s.rack = std::lcm(m ? m->rack_size : 1, std::max(zones, 1));
  if (t.price_per_gpu_hour) s.price = parse_price(*t.price_per_gpu_hour);
  if (!s.price && m) s.price = m->price;
  s.lo = round_up(t.min_nodes, s.rack);
  if (t.max_nodes) s.hi = round_down(*t.max_nodes, s.rack);
  if (s.gpus_per_node <= 0)
    s.invalid = Invalid{"InvalidBounds", "gpusPerNode must be at least 1"};
  else if (m)
    s.invalid = check_catalogue(t, *m, gpu_type, cluster_provider);
  if (!s.invalid) s.invalid = check_bounds(t, s);
  return s;
}

}  // namespace gpupool::placement
