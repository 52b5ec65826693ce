#pragma once
// Placement: how many nodes each target should hold so the pool has
// `gpus` GPUs, by strategy. Works on abstract slots (one per sized target)
// so eligibility is the caller's business: a target that may get no new
// share is passed with `hi` at what it already holds. Every node placed
// counts. Deterministic; pure; thread-safe.
#include <cstddef>
#include <optional>
#include <vector>

#include "api/gpupool.h"
#include "placement/catalogue.h"

namespace gpupool::placement {

struct Slot {
  int gpus_per_node = 1;  // >= 1
  int rack = 1;           // node counts are multiples of this
  int lo = 0;             // nodes always placed (rack multiple)
  std::optional<int> hi;  // most nodes (rack multiple, >= lo); nullopt: unbounded
  int weight = 1;         // Spread share (>= 1)
  int priority = 0;       // Priority order, ascending
  std::optional<PriceMicros> price;  // Cheapest order; unknown prices go last
};

struct Placement {
  std::vector<int> nodes;  // per slot, same order as the input
  int placed_gpus = 0;     // sum of nodes x gpus_per_node (may exceed `gpus` by rounding)
  int shortfall = 0;       // GPUs asked but not placeable: max(0, gpus - placed_gpus)
};

// Slot indices in preference order: Priority by (priority, index); Cheapest
// by (price, priority, index) with unknown prices last; Spread by index.
std::vector<std::size_t> preference_order(api::Strategy strategy, const std::vector<Slot>& slots);

// Strategy dispatch: Priority and Cheapest fill in preference order, Spread
// divides by weight.
Placement place(api::Strategy strategy, int gpus, const std::vector<Slot>& slots);

// Every slot gets lo; then slots in `order` take whole racks up to hi until
// `gpus` are placed.
Placement fill_in_order(int gpus, const std::vector<Slot>& slots, const std::vector<std::size_t>& order);

// Weighted shares of `gpus` clamped to [lo, hi] (bounded slots leave their
// excess to the others), then whole racks by largest remainder, ties by
// index. Weights 3:1 of 64 GPUs on 8-GPU nodes -> 6 and 2 nodes.
Placement spread(int gpus, const std::vector<Slot>& slots);

}  // namespace gpupool::placement
