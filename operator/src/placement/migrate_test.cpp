#include "placement/migrate.h"

#include <doctest/doctest.h>

using namespace gpupool::placement;

namespace {
MoveSlot ms(int have, int ready, int ideal, bool healthy = true) {
  MoveSlot m;
  m.gpus_per_node = 8;
  m.have = have;
  m.ready = ready;
  m.ideal = ideal;
  m.hold_unready = healthy;
  return m;
}
}  // namespace

TEST_CASE("preferred grows at once; fallback shrinks only by what is Ready on the preferred") {
  // spec 64: preferred (0) wants 8, fallback (1) holds 8 Ready.
  std::vector<MoveSlot> s = {ms(0, 0, 8), ms(8, 8, 0)};
  CHECK(make_before_break(64, s, {0, 1}) == std::vector<int>{8, 8});
  s = {ms(8, 3, 8), ms(8, 8, 0)};
  CHECK(make_before_break(64, s, {0, 1}) == std::vector<int>{8, 5});
  s = {ms(8, 8, 8), ms(5, 5, 0)};
  CHECK(make_before_break(64, s, {0, 1}) == std::vector<int>{8, 0});
}

TEST_CASE("a plain spec decrease shrinks at once") {
  std::vector<MoveSlot> s = {ms(8, 8, 8), ms(8, 8, 0)};  // 128 -> 64
  CHECK(make_before_break(64, s, {0, 1}) == std::vector<int>{8, 0});
  std::vector<MoveSlot> spread = {ms(8, 8, 4), ms(8, 8, 4)};
  CHECK(make_before_break(64, spread, {0, 1}) == std::vector<int>{4, 4});
}

TEST_CASE("Ready nodes are held before provisioning ones") {
  // spec 32: preferred wants 4 (none Ready); fallback A has 4 provisioning, B has 4 Ready.
  std::vector<MoveSlot> s = {ms(0, 0, 4), ms(4, 0, 0), ms(4, 4, 0)};
  auto n = make_before_break(32, s, {0, 1, 2});
  CHECK(n[2] == 4);
  CHECK(ready_gpus_after(s, n) == 32);
}

TEST_CASE("a healthy fallback keeps its provisioning nodes while the preferred is not Ready") {
  std::vector<MoveSlot> s = {ms(0, 0, 8), ms(8, 4, 0)};
  CHECK(make_before_break(64, s, {0, 1}) == std::vector<int>{8, 8});
  // A failed target does not hold nodes that are not Ready.
  std::vector<MoveSlot> failed = {ms(8, 4, 4, false), ms(0, 0, 4)};
  CHECK(make_before_break(64, failed, {0, 1}) == std::vector<int>{4, 4});
}

TEST_CASE("holds never exceed maxNodes and come in whole racks") {
  MoveSlot capped = ms(8, 8, 2);
  capped.hi = 4;
  std::vector<MoveSlot> s = {ms(0, 0, 8), capped};
  CHECK(make_before_break(64, s, {0, 1}) == std::vector<int>{8, 4});
  MoveSlot rack = ms(36, 36, 0);
  rack.gpus_per_node = 4;
  rack.rack = 18;
  std::vector<MoveSlot> r = {ms(0, 0, 18), rack};  // 144 GPUs wanted; preferred has 8 Ready nodes (64 GPUs)
  r[0].ready = 8;
  r[0].have = 18;
  auto n = make_before_break(144, r, {0, 1});
  CHECK(n[1] == 36);  // 80 GPUs missing -> 20 nodes -> two racks
  r[0].ready = 14;    // 32 GPUs missing -> 8 nodes -> one rack
  CHECK(make_before_break(144, r, {0, 1})[1] == 18);
}

TEST_CASE("property: Ready GPUs never drop below min(spec, Ready now) through a move") {
  for (int spec = 0; spec <= 96; spec += 8)
    for (int r0 = 0; r0 <= 8; ++r0)
      for (int h1 = 0; h1 <= 8; ++h1)
        for (int r1 = 0; r1 <= h1; ++r1)
          for (int ideal1 = 0; ideal1 <= 4; ideal1 += 2) {
            std::vector<MoveSlot> s = {ms(8, r0, 8), ms(h1, r1, ideal1), ms(4, 2, 0, false)};
            auto n = make_before_break(spec, s, {0, 1, 2});
            int before = (r0 + r1 + 2) * 8;
            CAPTURE(spec);
            CAPTURE(r0);
            CAPTURE(h1);
            CAPTURE(r1);
            CAPTURE(ideal1);
            CHECK(ready_gpus_after(s, n) >= std::min(spec, before));
            for (std::size_t i = 0; i < s.size(); ++i) CHECK(n[i] <= std::max(s[i].have, s[i].ideal));
          }
}
