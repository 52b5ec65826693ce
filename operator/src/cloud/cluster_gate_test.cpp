#include "cloud/cluster_gate.h"

#include <doctest/doctest.h>

#include <thread>

#include "testing/fake_clock.h"

using namespace gpupool;
using namespace gpupool::cloud;

TEST_CASE("one mutation at a time per cluster") {
  testing::FakeClock clock;
  ClusterGate g(0, clock);
  CHECK(g.try_begin_mutation("create a"));
  CHECK_FALSE(g.try_begin_mutation("resize b"));
  g.end_mutation("resize b");  // not the holder: ignored
  CHECK(g.mutation_holder() == "create a");
  g.end_mutation("create a");
  CHECK(g.try_begin_mutation("resize b"));
}

TEST_CASE("rate limit: burst then wait on the clock") {
  testing::FakeClock clock;
  ClusterGate g(2, clock);  // burst 2
  CHECK(g.try_acquire());
  CHECK(g.try_acquire());
  CHECK_FALSE(g.try_acquire());
  std::atomic<bool> done{false};
  std::thread t([&] {
    g.acquire();
    done = true;
  });
  REQUIRE(clock.wait_for_sleepers(1));
  CHECK_FALSE(done);
  clock.advance(std::chrono::milliseconds(500));
  t.join();
  CHECK(done);
}

TEST_CASE("gates are per cluster and keep claims across rate changes") {
  testing::FakeClock clock;
  ClusterGates gates(clock);
  auto a = gates.gate("ns/a", 5);
  CHECK(gates.gate("ns/a", 5) == a);
  CHECK(gates.gate("ns/b", 5) != a);
  CHECK(a->try_begin_mutation("x"));
  auto a2 = gates.gate("ns/a", 10);
  CHECK(a2 == a);
  CHECK(a2->rate() == 10);
  CHECK_FALSE(a2->try_begin_mutation("y"));
}

TEST_CASE("a rate change keeps the spent tokens: no second burst") {
  testing::FakeClock clock;
  ClusterGate g(2, clock);  // burst 2
  CHECK(g.try_acquire());
  CHECK(g.try_acquire());
  g.set_rate(3);  // burst 3 from now on, but nothing refilled yet
  CHECK_FALSE(g.try_acquire());
  clock.advance(std::chrono::seconds(1));  // 3 tokens at the new rate
  CHECK(g.try_acquire());
  CHECK(g.try_acquire());
  CHECK(g.try_acquire());
  CHECK_FALSE(g.try_acquire());
}

TEST_CASE("waiters refused the claim are handed back when it is released") {
  testing::FakeClock clock;
  ClusterGate g(0, clock);
  g.wait_for_release("ns/early");  // nobody holds it: nothing to wait for
  REQUIRE(g.try_begin_mutation("gpupool ns/a Create x"));
  g.wait_for_release("ns/b");
  g.wait_for_release("ns/b");  // once
  g.wait_for_release("ns/c");
  CHECK(g.end_mutation("someone else").empty());  // not released
  CHECK(g.end_mutation("gpupool ns/a Create x") == std::vector<std::string>{"ns/b", "ns/c"});
  REQUIRE(g.try_begin_mutation("gpupool ns/b Create y"));
  CHECK(g.end_mutation("gpupool ns/b Create y").empty());  // the list was handed out
}
