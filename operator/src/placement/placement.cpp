#include "placement/placement.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <tuple>

namespace gpupool::placement {
namespace {

using ll = long long;

ll lo_gpus(const Slot& s) { return ll(s.lo) * s.gpus_per_node; }
ll rack_gpus(const Slot& s) { return ll(s.rack) * s.gpus_per_node; }
bool has_room(const Slot& s, int nodes) { return !s.hi || nodes + s.rack <= *s.hi; }

Placement finish(int gpus, const std::vector<Slot>& slots, std::vector<int> nodes) {
  Placement p;
  for (std::size_t i = 0; i < slots.size(); ++i) p.placed_gpus += nodes[i] * slots[i].gpus_per_node;
  p.shortfall = std::max(0, gpus - p.placed_gpus);
  p.nodes = std::move(nodes);
  return p;
}

// Weighted shares with bounds. Shares are kept as exact rationals scaled by
// the active weight sum W (share_i * W = rest * w_i), so no rounding can make
// the result depend on evaluation order. The slot furthest outside its bounds
// is pinned to the bound and the rest is shared again; at most n rounds.
struct Shares {
  std::vector<std::optional<ll>> pinned;  // GPUs of slots pinned to a bound
  ll rest = 0;                            // GPUs shared by the unpinned slots
  ll weights = 0;                         // their weight sum W
};

Shares bounded_shares(int gpus, const std::vector<Slot>& slots) {
  Shares sh;
  sh.pinned.resize(slots.size());
  for (;;) {
    sh.rest = gpus;
    sh.weights = 0;
    for (std::size_t i = 0; i < slots.size(); ++i) {
      if (sh.pinned[i]) sh.rest -= *sh.pinned[i];
      else sh.weights += slots[i].weight;
    }
    std::optional<std::size_t> worst;
    ll worst_gap = 0, worst_bound = 0;
    for (std::size_t i = 0; i < slots.size() && sh.weights > 0; ++i) {
      if (sh.pinned[i]) continue;
      const Slot& s = slots[i];
      ll share = sh.rest * s.weight, lo = lo_gpus(s) * sh.weights;
      ll hi = s.hi ? ll(*s.hi) * s.gpus_per_node * sh.weights : share;
      ll gap = share < lo ? lo - share : std::max(ll(0), share - hi);
      if (gap > worst_gap) worst = i, worst_gap = gap, worst_bound = share < lo ? lo_gpus(s) : hi / sh.weights;
    }
    if (!worst) return sh;
    sh.pinned[*worst] = worst_bound;
  }
}

}  // namespace

std::vector<std::size_t> preference_order(api::Strategy strategy, const std::vector<Slot>& slots) {
  std::vector<std::size_t> order(slots.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto key = [&](std::size_t i) {
    const Slot& s = slots[i];
    bool by_price = strategy == api::Strategy::Cheapest;
    ll price = by_price && s.price ? *s.price : 0;
    bool unknown = by_price && !s.price;
    int prio = strategy == api::Strategy::Spread ? 0 : s.priority;
    return std::tuple(unknown, price, prio, i);
  };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  return order;
}

Placement place(api::Strategy strategy, int gpus, const std::vector<Slot>& slots) {
  if (strategy == api::Strategy::Spread) return spread(gpus, slots);
  return fill_in_order(gpus, slots, preference_order(strategy, slots));
}

Placement fill_in_order(int gpus, const std::vector<Slot>& slots, const std::vector<std::size_t>& order) {
  std::vector<int> nodes(slots.size());
  ll remaining = gpus;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    nodes[i] = slots[i].lo;
    remaining -= lo_gpus(slots[i]);
  }
  for (std::size_t i : order) {
    if (remaining <= 0) break;
    const Slot& s = slots[i];
    ll want = (remaining + rack_gpus(s) - 1) / rack_gpus(s);  // whole racks
    ll room = s.hi ? (*s.hi - nodes[i]) / s.rack : want;
    ll take = std::clamp(want, ll(0), std::max(room, ll(0)));
    nodes[i] += static_cast<int>(take) * s.rack;
    remaining -= take * rack_gpus(s);
  }
  return finish(gpus, slots, std::move(nodes));
}

Placement spread(int gpus, const std::vector<Slot>& slots) {
  Shares sh = bounded_shares(gpus, slots);
  std::vector<int> nodes(slots.size());
  // Scaled by W; pinned slots rank below every unpinned one.
  std::vector<ll> remainder(slots.size(), std::numeric_limits<ll>::min());
  ll remaining = gpus;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const Slot& s = slots[i];
    if (sh.pinned[i]) {
      nodes[i] = static_cast<int>(*sh.pinned[i] / s.gpus_per_node);
    } else {
      ll share = sh.rest * s.weight;  // x W
      ll racks = std::max(ll(0), share / (rack_gpus(s) * sh.weights));
      nodes[i] = static_cast<int>(racks) * s.rack;
      remainder[i] = share - racks * rack_gpus(s) * sh.weights;
    }
    remaining -= ll(nodes[i]) * s.gpus_per_node;
  }
  // Hand out whole racks by largest remainder until the GPUs are covered.
  while (remaining > 0) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < slots.size(); ++i)
      if (has_room(slots[i], nodes[i]) && (!best || remainder[i] > remainder[*best])) best = i;
    if (!best) break;
    const Slot& s = slots[*best];
    nodes[*best] += s.rack;
    remaining -= rack_gpus(s);
    if (!sh.pinned[*best]) remainder[*best] -= rack_gpus(s) * sh.weights;
  }
  return finish(gpus, slots, std::move(nodes));
}

}  // namespace gpupool::placement
