#include "placement/placement.h"

#include <doctest/doctest.h>

using namespace gpupool;
using namespace gpupool::placement;

namespace {
Slot slot(int gpn, std::optional<int> hi = {}, int weight = 1, int priority = 0,
          std::optional<PriceMicros> price = {}) {
  Slot s;
  s.gpus_per_node = gpn;
  s.hi = hi;
  s.weight = weight;
  s.priority = priority;
  s.price = price;
  return s;
}
}  // namespace

TEST_CASE("Priority fills in ascending priority up to maxNodes, ties by list order") {
  // 64 H100: p0 max 3 nodes, p1 max 2, p2 unbounded, p3 unbounded -> 3, 2, 3, 0.
  std::vector<Slot> s = {slot(8, 3, 1, 0), slot(8, 2, 1, 1), slot(8, {}, 1, 2), slot(8, {}, 1, 3)};
  auto p = place(api::Strategy::Priority, 64, s);
  CHECK(p.nodes == std::vector<int>{3, 2, 3, 0});
  CHECK(p.placed_gpus == 64);
  CHECK(p.shortfall == 0);
  // Listed in reverse priority: the order follows priority, not the list.
  std::vector<Slot> r = {slot(8, {}, 1, 3), slot(8, {}, 1, 2), slot(8, 2, 1, 1), slot(8, 3, 1, 0)};
  CHECK(place(api::Strategy::Priority, 64, r).nodes == std::vector<int>{0, 3, 2, 3});
  // Equal priorities: list order.
  std::vector<Slot> tie = {slot(8, 4, 1, 5), slot(8, 4, 1, 5)};
  CHECK(place(api::Strategy::Priority, 40, tie).nodes == std::vector<int>{4, 1});
}

TEST_CASE("GPUs that do not divide evenly round up to whole nodes") {
  std::vector<Slot> s = {slot(8, 3), slot(8)};
  auto p = place(api::Strategy::Priority, 30, s);
  CHECK(p.nodes == std::vector<int>{3, 1});
  CHECK(p.placed_gpus == 32);
}

TEST_CASE("Spread divides by weight with largest remainder") {
  std::vector<Slot> s = {slot(8, {}, 3), slot(8, {}, 1)};
  CHECK(place(api::Strategy::Spread, 64, s).nodes == std::vector<int>{6, 2});
  // 64 over three equal weights: 21.3 GPUs each -> 3, 3, 2 nodes (not 3, 3, 3).
  std::vector<Slot> three = {slot(8), slot(8), slot(8)};
  auto p = place(api::Strategy::Spread, 64, three);
  CHECK(p.nodes == std::vector<int>{3, 3, 2});
  CHECK(p.placed_gpus == 64);
  // Bigger remainder wins over list order: 40 GPUs at 2:1 -> 26.7 (3 nodes, rest 2.7) / 13.3 (1 node, rest 5.3).
  std::vector<Slot> two = {slot(8, {}, 2), slot(8, {}, 1)};
  CHECK(place(api::Strategy::Spread, 40, two).nodes == std::vector<int>{3, 2});
}

TEST_CASE("Spread: a capped slot leaves its excess to the others by weight") {
  std::vector<Slot> s = {slot(8, 1, 2), slot(8, {}, 1), slot(8, {}, 1)};
  // Weighted 2:1:1 of 96 = 48/24/24; slot 0 holds 8 -> 88 shared 1:1 = 44 each -> 6 + 5 nodes.
  auto p = place(api::Strategy::Spread, 96, s);
  CHECK(p.nodes[0] == 1);
  CHECK(p.nodes[1] + p.nodes[2] == 11);
  CHECK(p.nodes == std::vector<int>{1, 6, 5});
  // Everything capped: shortfall.
  std::vector<Slot> capped = {slot(8, 2), slot(8, 2)};
  auto q = place(api::Strategy::Spread, 64, capped);
  CHECK(q.nodes == std::vector<int>{2, 2});
  CHECK(q.shortfall == 32);
}

TEST_CASE("Spread honours minNodes and racks") {
  Slot a = slot(8, {}, 3);
  Slot b = slot(8, {}, 1);
  b.lo = 4;  // 32 GPUs minimum although 1/4 of 64 is 16
  CHECK(place(api::Strategy::Spread, 64, {a, b}).nodes == std::vector<int>{4, 4});
  Slot rack = slot(4, {}, 1);
  rack.rack = 18;
  auto p = place(api::Strategy::Spread, 100, {rack, slot(8, {}, 1)});
  CHECK(p.nodes[0] % 18 == 0);
  CHECK(p.placed_gpus >= 100);
}

TEST_CASE("Cheapest fills by price, then priority, then list order; unknown prices last") {
  std::vector<Slot> s = {slot(8, 4, 1, 0, 11'061'000), slot(8, 4, 1, 0, 12'290'000), slot(8, 4, 1, 0, 10'000'000),
                         slot(8, 4, 1, 0, 6'155'000), slot(8, 4, 1, 0, std::nullopt)};
  CHECK(preference_order(api::Strategy::Cheapest, s) == std::vector<std::size_t>{3, 2, 0, 1, 4});
  CHECK(place(api::Strategy::Cheapest, 64, s).nodes == std::vector<int>{0, 0, 4, 4, 0});
  CHECK(place(api::Strategy::Cheapest, 96, s).nodes == std::vector<int>{4, 0, 4, 4, 0});
  std::vector<Slot> tie = {slot(8, {}, 1, 2, 5), slot(8, {}, 1, 1, 5)};
  CHECK(preference_order(api::Strategy::Cheapest, tie) == std::vector<std::size_t>{1, 0});
}

TEST_CASE("minNodes always placed, even when gpus needs fewer") {
  Slot a = slot(8);
  Slot b = slot(8);
  b.lo = 2;
  auto p = place(api::Strategy::Priority, 0, {a, b});
  CHECK(p.nodes == std::vector<int>{0, 2});
  CHECK(p.placed_gpus == 16);
  CHECK(p.shortfall == 0);
}

TEST_CASE("rack slots take whole racks of 18") {
  Slot gb = slot(4);
  gb.rack = 18;
  gb.hi = 36;
  auto p = place(api::Strategy::Priority, 100, {gb, slot(8)});
  CHECK(p.nodes == std::vector<int>{36, 0});
  auto q = place(api::Strategy::Priority, 200, {gb, slot(8)});
  CHECK(q.nodes == std::vector<int>{36, 7});  // 144 + 56
}
