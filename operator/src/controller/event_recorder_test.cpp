#include "controller/event_recorder.h"

#include <doctest/doctest.h>

#include "api/resources.h"
#include "testing/fake_client.h"
#include "testing/fake_clock.h"

using namespace std::chrono_literals;
using gpupool::ErrorCode;
using gpupool::controller::EventRecorder;
using gpupool::kube::json;
using gpupool::testing::eventually;
using gpupool::testing::FakeClient;
using gpupool::testing::FakeClock;

namespace {
gpupool::api::ObjectReference pool_ref(const std::string& name = "p") {
  return {"gpupool.io/v1alpha1", "GPUPool", "a", name, "uid-" + name, "7"};
}
std::vector<json> events(FakeClient& c) {
  auto page = c.list(gpupool::api::events(), "", {});
  REQUIRE(page);
  return page->items;
}
}  // namespace

TEST_CASE("identical events are aggregated into one Event with count and lastTimestamp") {
  FakeClock clock;
  FakeClient client(clock);
  EventRecorder rec(client, clock, {});
  rec.start();
  REQUIRE(rec.normal(pool_ref(), "Scaled", "scaled to 3"));
  REQUIRE(rec.wait_idle(5s));
  clock.advance(60s);
  REQUIRE(rec.normal(pool_ref(), "Scaled", "scaled to 3"));
  REQUIRE(rec.normal(pool_ref(), "Scaled", "scaled to 4"));  // different message: new Event
  REQUIRE(rec.wait_idle(5s));
  auto evs = events(client);
  REQUIRE(evs.size() == 2);
  const json& e = evs[0]["message"] == "scaled to 3" ? evs[0] : evs[1];
  CHECK(e["count"] == 2);
  CHECK(e["firstTimestamp"] != e["lastTimestamp"]);
  CHECK(e["involvedObject"]["uid"] == "uid-p");
  CHECK(e["reportingComponent"] == "gpupool-operator");
  CHECK(e["source"]["component"] == "gpupool-operator");
  CHECK(e["metadata"]["namespace"] == "a");
  CHECK(e["metadata"]["name"].get<std::string>().rfind("p.", 0) == 0);
  CHECK(client.count_calls("patch") == 1);
  CHECK(client.count_calls("create") == 2);
}

TEST_CASE("a patched Event that vanished is re-created") {
  FakeClock clock;
  FakeClient client(clock);
  EventRecorder rec(client, clock, {});
  rec.start();
  REQUIRE(rec.warning(pool_ref(), "Stockout", "no capacity"));
  REQUIRE(rec.wait_idle(5s));
  const std::string name = events(client).at(0)["metadata"]["name"];
  REQUIRE(client.remove(gpupool::api::events(), "a", name));
  REQUIRE(rec.warning(pool_ref(), "Stockout", "no capacity"));
  REQUIRE(rec.wait_idle(5s));
  auto evs = events(client);
  REQUIRE(evs.size() == 1);
  CHECK(evs[0]["count"] == 2);
  CHECK(evs[0]["type"] == "Warning");
}

TEST_CASE("per-object spam filter: burst 25, then one per 5 minutes") {
  FakeClock clock;
  FakeClient client(clock);
  EventRecorder rec(client, clock, {});  // not started: only the filter runs
  int accepted = 0;
  for (int i = 0; i < 30; ++i) accepted += rec.normal(pool_ref(), "R", "m" + std::to_string(i));
  CHECK(accepted == 25);
  CHECK(rec.dropped() == 5);
  CHECK(rec.normal(pool_ref("other"), "R", "m"));  // separate bucket per object
  clock.advance(299s);
  CHECK_FALSE(rec.normal(pool_ref(), "R", "late"));
  clock.advance(1s);
  CHECK(rec.normal(pool_ref(), "R", "refilled"));
  CHECK_FALSE(rec.normal(pool_ref(), "R", "again"));
}

TEST_CASE("record never blocks: a full queue drops; transient failures are retried on the clock") {
  FakeClock clock;
  FakeClient client(clock);
  gpupool::controller::EventRecorderOptions opts;
  opts.queue_capacity = 2;
  EventRecorder rec(client, clock, opts);
  CHECK(rec.normal(pool_ref("a"), "R", "1"));
  CHECK(rec.normal(pool_ref("b"), "R", "2"));
  CHECK_FALSE(rec.normal(pool_ref("c"), "R", "3"));  // full, dropped
  client.fail_next("create", gpupool::Error(ErrorCode::Unavailable, "connection reset"), 1);
  rec.start();
  REQUIRE(clock.wait_for_sleepers(1));  // waiting 10 s before retrying
  CHECK(client.count_calls("create") == 1);
  clock.advance(10s);
  REQUIRE(rec.wait_idle(5s));
  CHECK(events(client).size() == 2);
  // API errors are not retried.
  client.fail_next("create", gpupool::Error(ErrorCode::PermissionDenied, "forbidden"), 1);
  CHECK(rec.normal(pool_ref("d"), "R", "4"));
  REQUIRE(rec.wait_idle(5s));
  CHECK(events(client).size() == 2);
  CHECK(clock.sleepers() == 0);
}
