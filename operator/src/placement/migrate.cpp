#include "placement/migrate.h"

#include <algorithm>

#include "placement/sizing.h"

namespace gpupool::placement {
namespace {

int cap_of(const MoveSlot& s) { return s.hi ? std::min(s.have, std::max(*s.hi, s.ideal)) : s.have; }

// Holds up to `limit` extra nodes above `nodes` to cover `gap` GPUs, in
// whole racks, never past cap. Returns the nodes added.
int hold(const MoveSlot& s, int nodes, int limit, long long gap) {
  if (gap <= 0 || limit <= 0) return 0;
  long long want = (gap + s.gpus_per_node - 1) / s.gpus_per_node;
  int add = round_up(static_cast<int>(std::min<long long>(want, limit)), s.rack);
  return std::min(add, cap_of(s) - nodes);
}

}  // namespace

std::vector<int> make_before_break(int spec_gpus, const std::vector<MoveSlot>& slots,
                                   const std::vector<std::size_t>& order) {
  std::vector<int> nodes(slots.size());
  long long gap = spec_gpus;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    nodes[i] = slots[i].ideal;
    gap -= static_cast<long long>(std::min(slots[i].ready, slots[i].ideal)) * slots[i].gpus_per_node;
  }
  // Pass 1: Ready nodes of shrinking targets. Only their Ready part counts
  // against the gap (a rack rounded up may drag unready nodes along).
  for (std::size_t i : order) {
    const MoveSlot& s = slots[i];
    if (s.ideal >= s.have) continue;
    int ready_excess = std::max(0, std::min(s.ready, cap_of(s)) - s.ideal);
    int added = hold(s, nodes[i], ready_excess, gap);
    nodes[i] += added;
    gap -= static_cast<long long>(std::min(added, ready_excess)) * s.gpus_per_node;
  }
  // Pass 2: nodes still provisioning on healthy shrinking targets; they are
  // the fallback's replacement capacity until the preferred one is Ready.
  for (std::size_t i : order) {
    const MoveSlot& s = slots[i];
    if (s.ideal >= s.have || !s.hold_unready) continue;
    int added = hold(s, nodes[i], cap_of(s) - nodes[i], gap);
    nodes[i] += added;
    gap -= static_cast<long long>(added) * s.gpus_per_node;
  }
  return nodes;
}

int ready_gpus_after(const std::vector<MoveSlot>& slots, const std::vector<int>& nodes) {
  int sum = 0;
  for (std::size_t i = 0; i < slots.size(); ++i) sum += std::min(slots[i].ready, nodes[i]) * slots[i].gpus_per_node;
  return sum;
}

}  // namespace gpupool::placement
