#pragma once
// Sizing: what one spec target is (GPUs per node, rack size, price, node
// bounds) and node counts for a number of GPUs. A target that cannot be sized
// or is not allowed gets an `invalid` reason (CamelCase, for status/events)
// and message; the decision gives it no share. Pure; thread-safe.
#include <optional>
#include <string>

#include "api/cloudcluster.h"
#include "api/gpupool.h"
#include "cloud/provider.h"
#include "placement/catalogue.h"

namespace gpupool::placement {

struct Invalid {
  // UnknownMachineType | GPUTypeMismatch | ProviderMismatch | InvalidBounds | AutoscalingUnsupported
  // (decide() adds CloudClusterNotFound)
  std::string reason;
  std::string message;
};

struct SizedTarget {
  int gpus_per_node = 0;  // 0 only when invalid with UnknownMachineType
  int rack = 1;           // node counts are multiples of this (rack size x GKE zones)
  int lo = 0;             // minNodes rounded up to a rack multiple
  std::optional<int> hi;  // maxNodes rounded down to a rack multiple; nullopt: unbounded
  std::optional<PriceMicros> price;       // spec pricePerGPUHour, else catalogue, else nullopt
  std::optional<api::Provider> provider;  // CloudCluster's, else the catalogue's
  std::optional<Invalid> invalid;
};

// `cluster_provider`: the provider of the target's CloudCluster when known.
// `zones`: node counts must also be multiples of this (see zone_multiple).
SizedTarget size_target(const api::PoolTarget& target, const std::string& gpu_type,
                        std::optional<api::Provider> cluster_provider, int zones = 1);

// GKE counts nodes per zone, so a pool's total is a multiple of its zone
// count: spec zones, else the zones the existing pool lives in, else 1 (a
// first create in a regional cluster may round up once; later decisions see
// the pool's zones). Other providers: 1.
int zone_multiple(const api::PoolTarget& target, std::optional<api::Provider> provider,
                  const std::optional<cloud::NodePool>& pool);

// Smallest multiple of `rack` that is >= n (n >= 0, rack >= 1).
int round_up(int n, int rack);
// Largest multiple of `rack` that is <= n.
int round_down(int n, int rack);
// Nodes holding at least `gpus` GPUs, in whole racks: ceil(gpus / gpn) rounded up to `rack`.
int nodes_for_gpus(int gpus, int gpus_per_node, int rack);

}  // namespace gpupool::placement
