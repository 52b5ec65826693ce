#include "cloud/coreweave/instance_types.h"

#include <doctest/doctest.h>

using namespace gpupool::cloud::coreweave;

TEST_CASE("rack types round up to whole NVL72 racks") {
  CHECK(is_rack_type("gb200-4x"));
  CHECK(is_rack_type("gb300-4x"));
  CHECK_FALSE(is_rack_type("gd-8xh100ib-i128"));
  CHECK(round_to_racks("gb200-4x", 1) == 18);
  CHECK(round_to_racks("gb200-4x", 18) == 18);
  CHECK(round_to_racks("gb200-4x", 19) == 36);
  CHECK(round_to_racks("gb300-4x", 37) == 54);
  CHECK(round_to_racks("gb200-4x", 0) == 0);
  CHECK(round_to_racks("gd-8xh100ib-i128", 3) == 3);
}
