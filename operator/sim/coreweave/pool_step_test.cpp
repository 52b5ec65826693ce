#include "sim/coreweave/pool_step.h"

#include <doctest/doctest.h>

using namespace gpupool;
using namespace gpupool::sim::coreweave;
using namespace std::chrono_literals;

namespace {
StepInput input(int target, Clock::time_point now) {
  StepInput in;
  in.target = target;
  in.now = now;
  in.provisioning = 10s;
  in.instance_type = "gd-8xh100ib-i128";
  in.zone = "US-EAST-04A";
  return in;
}
}  // namespace

TEST_CASE("nodes boot staggered and scale-down removes booting nodes first") {
  Clock::time_point t0{};
  std::vector<Clock::time_point> nodes;
  auto o = step_pool(nodes, input(2, t0));
  CHECK(nodes.size() == 2);
  CHECK(o.current == 0);
  CHECK(o.reason == kScalingUp);
  o = step_pool(nodes, input(2, t0 + 5s));
  CHECK(o.current == 1);
  o = step_pool(nodes, input(1, t0 + 5s));  // the booting node goes
  CHECK(nodes.size() == 1);
  CHECK(o.current == 1);
  CHECK(o.at_target);
}

TEST_CASE("capacity room and quota") {
  Clock::time_point t0{};
  std::vector<Clock::time_point> nodes;
  auto in = input(3, t0);
  in.capacity_room = 1;
  auto o = step_pool(nodes, in);
  CHECK(nodes.size() == 1);
  CHECK(o.reason == kInsufficientCapacity);
  std::vector<Clock::time_point> none;
  in = input(3, t0);
  in.quota_message = "over quota";
  o = step_pool(none, in);
  CHECK(none.empty());
  CHECK(o.reason == kQuotaExceeded);
  CHECK(o.message == "over quota");
}

TEST_CASE("IdleOnly keeps busy ready nodes") {
  Clock::time_point t0{};
  std::vector<Clock::time_point> nodes;
  step_pool(nodes, input(4, t0));
  auto in = input(1, t0 + 20s);
  in.busy_nodes = 3;
  auto o = step_pool(nodes, in);
  CHECK(o.current == 3);
  CHECK(o.reason == kWaitingForIdleNodes);
  in.idle_only = false;
  o = step_pool(nodes, in);
  CHECK(o.current == 1);
  CHECK(o.at_target);
}
