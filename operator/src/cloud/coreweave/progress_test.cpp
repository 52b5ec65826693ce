#include "cloud/coreweave/progress.h"

#include <doctest/doctest.h>

#include "cloud/errors.h"

using namespace gpupool;
using namespace gpupool::cloud::coreweave;
using nlohmann::json;
using namespace std::chrono_literals;
using std::chrono::system_clock;

namespace {
json pool(int target, int current, json conditions = json::array(), long generation = 2) {
  return {{"metadata", {{"name", "gp-a"}, {"generation", generation}}},
          {"spec", {{"instanceType", "gd-8xh100ib-i128"}, {"targetNodes", target}}},
          {"status", {{"currentNodes", current}, {"conditions", conditions}}}};
}
json cond(const std::string& type, const std::string& status, const std::string& reason, long gen = 2) {
  return {{"type", type}, {"status", status}, {"reason", reason}, {"message", reason + " message"}, {"observedGeneration", gen}};
}
const system_clock::time_point t0 = system_clock::time_point(1700000000000ms);
}  // namespace

TEST_CASE("operation ids carry their start time") {
  auto id = operation_id("resize", "gp-a", t0);
  CHECK(id == "resize/gp-a/1700000000000");
  CHECK(operation_start(id) == t0);
  CHECK_FALSE(operation_start("gp-a"));
  CHECK_FALSE(operation_start("resize/gp-a/x1"));
}

TEST_CASE("done when currentNodes reaches targetNodes") {
  CHECK_FALSE(progress(pool(2, 1), t0, t0, 1min).done);
  auto st = progress(pool(2, 2), t0, t0, 1min);
  CHECK(st.done);
  CHECK_FALSE(st.error);
}

TEST_CASE("capacity stall fails over only after the provisioning timeout") {
  auto p = pool(2, 1, json::array({cond("AtTarget", "False", "InsufficientCapacity")}));
  CHECK_FALSE(progress(p, t0, t0 + 59s, 1min).done);
  auto st = progress(p, t0, t0 + 1min, 1min);
  REQUIRE(st.done);
  REQUIRE(st.error);
  CHECK(cloud::is_stockout(*st.error));
  CHECK(st.error->message.find("InsufficientCapacity message") != std::string::npos);
  // A stale condition (older generation) does not count.
  auto stale = pool(2, 1, json::array({cond("AtTarget", "False", "InsufficientCapacity", 1)}));
  CHECK_FALSE(progress(stale, t0, t0 + 1h, 1min).done);
}

TEST_CASE("quota fails at once; other validation failures are InvalidArgument") {
  auto q = progress(pool(3, 0, json::array({cond("Validated", "False", "QuotaExceeded")})), t0, t0, 1h);
  REQUIRE(q.error);
  CHECK(cloud::is_quota(*q.error));
  auto bad = progress(pool(3, 0, json::array({cond("Validated", "False", "InvalidImage")})), t0, t0, 1h);
  REQUIRE(bad.error);
  CHECK(bad.error->code == ErrorCode::InvalidArgument);
}

TEST_CASE("IdleOnly scale-down is done once the cloud says busy nodes remain") {
  CHECK_FALSE(progress(pool(1, 3), t0, t0, 1min).done);
  CHECK_FALSE(progress(pool(1, 3, json::array({cond("AtTarget", "True", "TargetMet", 1)})), t0, t0, 1min).done);
  auto st = progress(pool(1, 3, json::array({cond("AtTarget", "False", "WaitingForIdleNodes")})), t0, t0, 1min);
  CHECK(st.done);
  CHECK_FALSE(st.error);
}

TEST_CASE("targetRacks counts whole racks") {
  json p = pool(0, 36);
  p["spec"].erase("targetNodes");
  p["spec"]["targetRacks"] = 2;
  CHECK(progress(p, t0, t0, 1min).done);
}
