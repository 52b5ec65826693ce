#include "kube/work_queue.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "testing/fake_clock.h"

using namespace std::chrono_literals;
using gpupool::kube::WorkQueue;
using gpupool::testing::FakeClock;
using gpupool::testing::eventually;

TEST_CASE("work queue dedupes keys added before processing") {
  FakeClock clock;
  WorkQueue q(clock);
  q.add("a");
  q.add("b");
  q.add("a");
  CHECK(q.len() == 2);
  CHECK(q.get() == "a");
  CHECK(q.get() == "b");
  CHECK(q.len() == 0);
}

TEST_CASE("work queue never hands one key to two workers; re-add runs again after done") {
  FakeClock clock;
  WorkQueue q(clock);
  q.add("a");
  REQUIRE(q.get() == "a");
  q.add("a");
  q.add("a");
  CHECK(q.len() == 0);  // held back while "a" is processing
  q.done("a");
  CHECK(q.len() == 1);
  REQUIRE(q.get() == "a");
  q.done("a");
  CHECK(q.len() == 0);
}

TEST_CASE("work queue concurrent workers never overlap on the same key") {
  FakeClock clock;
  WorkQueue q(clock);
  std::atomic<int> in_flight{0}, max_in_flight{0}, processed{0};
  auto worker = [&] {
    while (auto k = q.get()) {
      int now = ++in_flight;
      int prev = max_in_flight.load();
      while (now > prev && !max_in_flight.compare_exchange_weak(prev, now)) {}
      std::this_thread::yield();
      --in_flight;
      ++processed;
      q.done(*k);
    }
  };
  std::thread w1(worker), w2(worker), w3(worker);
  for (int i = 0; i < 2000; ++i) q.add("same");
  q.shut_down_with_drain();
  w1.join();
  w2.join();
  w3.join();
  CHECK(max_in_flight.load() == 1);
  CHECK(processed.load() >= 1);
}

TEST_CASE("get blocks until an item arrives or shutdown; queued keys drain after shut_down") {
  FakeClock clock;
  WorkQueue q(clock);
  std::optional<std::string> got = "unset";
  std::atomic<bool> returned{false};
  std::thread t([&] {
    got = q.get();
    returned = true;
  });
  CHECK_FALSE(eventually([&] { return returned.load(); }, 50ms));
  q.add("x");
  REQUIRE(eventually([&] { return returned.load(); }));
  t.join();
  CHECK(got == "x");
  q.done("x");

  q.add("y");
  q.shut_down();
  q.add("z");  // ignored after shutdown
  CHECK(q.get() == "y");
  CHECK(q.get() == std::nullopt);
}

TEST_CASE("shut_down_with_drain waits for in-flight keys") {
  FakeClock clock;
  WorkQueue q(clock);
  q.add("a");
  REQUIRE(q.get() == "a");
  std::atomic<bool> drained{false};
  std::thread t([&] {
    q.shut_down_with_drain();
    drained = true;
  });
  CHECK_FALSE(eventually([&] { return drained.load(); }, 50ms));
  q.done("a");
  CHECK(eventually([&] { return drained.load(); }));
  t.join();
}

TEST_CASE("add_after waits for the clock; the earlier ready time wins") {
  FakeClock clock;
  WorkQueue q(clock);
  q.add_after("a", 10s);
  q.add_after("a", 2s);
  q.add_after("a", 5s);
  CHECK(q.waiting() == 1);
  REQUIRE(clock.wait_for_sleepers(1));
  clock.advance(1999ms);
  CHECK_FALSE(eventually([&] { return q.len() == 1; }, 50ms));
  clock.advance(1ms);
  CHECK(eventually([&] { return q.len() == 1; }));
  CHECK(q.waiting() == 0);
  q.add_after("b", 0s);  // no delay: added immediately
  CHECK(q.len() == 2);
}

TEST_CASE("per-item exponential backoff: 5 ms doubling, capped at 1000 s, reset by forget") {
  gpupool::kube::ItemExponentialRateLimiter rl(5ms, 1000s);
  std::chrono::milliseconds expected = 5ms;
  for (int i = 0; i < 18; ++i) {
    CHECK(rl.when("k") == expected);
    expected *= 2;
  }
  CHECK(expected > 1000s);   // 5 ms * 2^18 = 1310.72 s
  CHECK(rl.when("k") == 1000s);
  CHECK(rl.when("k") == 1000s);
  CHECK(rl.num_requeues("k") == 20);
  CHECK(rl.when("other") == 5ms);  // per key
  rl.forget("k");
  CHECK(rl.num_requeues("k") == 0);
  CHECK(rl.when("k") == 5ms);
}

TEST_CASE("default controller limiter: max of per-item backoff and a 10 qps burst-100 bucket") {
  FakeClock clock;
  auto rl = gpupool::kube::default_controller_rate_limiter(clock);
  for (int i = 0; i < 100; ++i) CHECK(rl->when("k" + std::to_string(i)) == 5ms);
  // Bucket exhausted: the 101st and 102nd reservations wait 100 ms and 200 ms.
  CHECK(rl->when("k100") == 100ms);
  CHECK(rl->when("k101") == 200ms);
  clock.advance(10s);  // refills the bucket
  CHECK(rl->when("k0") == 10ms);  // second failure of k0
  CHECK(rl->num_requeues("k0") == 2);
  rl->forget("k0");
  CHECK(rl->num_requeues("k0") == 0);
}

namespace {
struct CountingMetrics : gpupool::kube::WorkQueueMetrics {
  std::atomic<int> adds{0}, retries{0}, latencies{0}, works{0};
  std::atomic<std::size_t> depth{0};
  void on_depth(std::size_t d) override { depth = d; }
  void on_add() override { ++adds; }
  void on_queue_latency(std::chrono::duration<double>) override { ++latencies; }
  void on_work_duration(std::chrono::duration<double> s) override {
    if (s.count() >= 3.0) ++works;
  }
  void on_retry() override { ++retries; }
};
}  // namespace

TEST_CASE("rate-limited adds go through the delay and report metrics") {
  FakeClock clock;
  auto metrics = std::make_shared<CountingMetrics>();
  WorkQueue q(clock, nullptr, metrics);
  q.add_rate_limited("a");
  CHECK(q.num_requeues("a") == 1);
  CHECK(q.len() == 0);
  REQUIRE(clock.wait_for_sleepers(1));
  clock.advance(5ms);
  REQUIRE(eventually([&] { return q.len() == 1; }));
  CHECK(metrics->depth == 1);
  REQUIRE(q.get() == "a");
  CHECK(metrics->depth == 0);
  clock.advance(3s);
  q.done("a");
  q.forget("a");
  CHECK(q.num_requeues("a") == 0);
  CHECK(metrics->adds == 1);
  CHECK(metrics->retries == 1);
  CHECK(metrics->latencies == 1);
  CHECK(metrics->works == 1);
}

TEST_CASE("get_item reports the newest add, coalesced ones included") {
  FakeClock clock;
  WorkQueue q(clock);
  q.add("a");
  clock.advance(3s);
  const auto second = clock.now();
  q.add("a");  // coalesced: one item, but the newer event counts
  auto item = q.get_item();
  REQUIRE(item);
  CHECK(item->key == "a");
  CHECK(item->last_added == second);
  clock.advance(1s);
  q.add("a");  // while processing: handed out again after done()
  const auto third = clock.now();
  q.done("a");
  item = q.get_item();
  REQUIRE(item);
  CHECK(item->last_added == third);
}
