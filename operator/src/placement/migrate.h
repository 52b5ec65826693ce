#pragma once
// Make-before-break: turns the placement's ideal node counts into the node
// counts to ask for now. Growing targets get their ideal at once. A target
// above its ideal keeps ("holds") nodes while the pool still needs them:
//   gap = spec.gpus - sum over targets of min(ready, ideal) x gpusPerNode
// i.e. the GPUs the ideal layout does not yet have Ready. Holds cover the
// gap, Ready nodes first (so Ready GPUs never drop below
// min(spec.gpus, Ready now) through our own moves), then - for healthy
// targets only - nodes still provisioning. A plain spec decrease has no gap
// and shrinks at once; a move shrinks the old target by what became Ready
// on the new one. Pure; thread-safe.
#include <cstddef>
#include <optional>
#include <vector>

namespace gpupool::placement {

struct MoveSlot {
  int gpus_per_node = 1;
  int rack = 1;
  int have = 0;            // nodes the pool is sized to now (0 when there is no pool)
  int ready = 0;           // Ready nodes
  int ideal = 0;           // nodes the placement wants
  std::optional<int> hi;   // never hold above this (maxNodes)
  bool hold_unready = false;  // healthy target: its provisioning nodes may be held too
};

// Node counts to ask for, per slot. `order`: slot indices, preferred first;
// preferred shrinking targets hold first.
std::vector<int> make_before_break(int spec_gpus, const std::vector<MoveSlot>& slots,
                                   const std::vector<std::size_t>& order);

// Worst-case Ready GPUs after asking `nodes` (a shrink may remove Ready nodes
// last, never first): sum of min(ready, nodes) x gpusPerNode. For tests and
// invariant checks.
int ready_gpus_after(const std::vector<MoveSlot>& slots, const std::vector<int>& nodes);

}  // namespace gpupool::placement
