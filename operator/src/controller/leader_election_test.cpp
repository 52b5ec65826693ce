#include "controller/leader_election.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "api/resources.h"
#include "testing/fake_client.h"
#include "testing/fake_clock.h"

using namespace std::chrono_literals;
using gpupool::controller::LeaderElectionConfig;
using gpupool::controller::LeaderElectionEnd;
using gpupool::controller::LeaderElector;
using gpupool::kube::json;
using gpupool::testing::eventually;
using gpupool::testing::FakeClient;
using gpupool::testing::FakeClock;

namespace {

struct Elector {
  std::unique_ptr<LeaderElector> le;
  std::atomic<int> started{0}, stopped{0};
  std::atomic<int> end{-1};
  std::jthread thread;

  Elector(FakeClient& client, FakeClock& clock, const std::string& id) {
    LeaderElectionConfig cfg;
    cfg.ns = "ops";
    cfg.name = "gpupool-operator";
    cfg.identity = id;
    cfg.on_started_leading = [this] { ++started; };
    cfg.on_stopped_leading = [this] { ++stopped; };
    auto r = LeaderElector::create(client, clock, cfg);
    REQUIRE(r);
    le = std::move(*r);
  }
  void start() {
    thread = std::jthread([this](std::stop_token st) { end = static_cast<int>(le->run(st)); });
  }
};

json lease_spec(FakeClient& c) {
  auto l = c.peek(gpupool::api::leases(), "ops", "gpupool-operator");
  return l ? (*l)["spec"] : json();
}

json other_lease(const std::string& holder, const std::string& renew) {
  return {{"apiVersion", "coordination.k8s.io/v1"},
          {"kind", "Lease"},
          {"metadata", {{"namespace", "ops"}, {"name", "gpupool-operator"}}},
          {"spec", {{"holderIdentity", holder}, {"leaseDurationSeconds", 15}, {"renewTime", renew},
                    {"acquireTime", renew}, {"leaseTransitions", 3}}}};
}

}  // namespace

TEST_CASE("config is validated like client-go") {
  FakeClock clock;
  FakeClient client(clock);
  LeaderElectionConfig cfg;
  cfg.ns = "ops";
  cfg.name = "l";
  cfg.identity = "me";
  CHECK(LeaderElector::create(client, clock, cfg));
  cfg.renew_deadline = 15s;  // not < lease duration
  CHECK_FALSE(LeaderElector::create(client, clock, cfg));
  cfg.renew_deadline = 2s;  // not > 1.2 * retry period
  CHECK_FALSE(LeaderElector::create(client, clock, cfg));
  cfg.renew_deadline = 10s;
  cfg.identity = "";
  CHECK_FALSE(LeaderElector::create(client, clock, cfg));
  CHECK(gpupool::controller::default_identity().find('_') != std::string::npos);
}

TEST_CASE("acquires a missing lease, renews every retry period, releases on stop") {
  FakeClock clock;
  FakeClient client(clock);
  Elector a(client, clock, "a");
  a.start();
  REQUIRE(eventually([&] { return a.le->is_leader() && a.started == 1; }));
  json spec = lease_spec(client);
  CHECK(spec["holderIdentity"] == "a");
  CHECK(spec["leaseDurationSeconds"] == 15);
  CHECK(spec["leaseTransitions"] == 0);
  const std::string first_renew = spec["renewTime"];

  for (int i = 1; i <= 3; ++i) {
    REQUIRE(clock.wait_for_sleepers(1));
    clock.advance(2s);
    REQUIRE(eventually([&] { return client.count_calls("update") == static_cast<std::size_t>(i); }));
  }
  REQUIRE(eventually([&] { return lease_spec(client)["renewTime"] != first_renew; }));
  CHECK(lease_spec(client)["acquireTime"] == spec["acquireTime"]);  // kept on renew

  a.thread.request_stop();
  a.thread.join();
  CHECK(a.end == static_cast<int>(LeaderElectionEnd::Stopped));
  CHECK(a.stopped == 1);
  CHECK_FALSE(a.le->is_leader());
  spec = lease_spec(client);
  CHECK(spec["holderIdentity"] == "");
  CHECK(spec["leaseDurationSeconds"] == 1);
}

TEST_CASE("a held lease is taken over only after it expires by the local clock") {
  FakeClock clock;
  FakeClient client(clock);
  // The holder's renewTime is years old: only our own observation time counts.
  client.seed(gpupool::api::leases(), other_lease("b", "2001-01-01T00:00:00.000000Z"));
  Elector a(client, clock, "a");
  a.start();
  REQUIRE(eventually([&] { return client.count_calls("get") == 1; }));
  CHECK_FALSE(a.le->is_leader());
  CHECK(a.le->leader() == "b");
  // b renews at t=10 s: the record changes, so expiry restarts from then.
  REQUIRE(clock.wait_for_sleepers(1));
  clock.advance(5s);
  REQUIRE(eventually([&] { return client.count_calls("get") == 2; }));
  clock.advance(5s);
  client.seed(gpupool::api::leases(), other_lease("b", "2001-01-01T00:00:10.000000Z"));
  const auto renewed_at = clock.now();
  // Keep retrying until a holds the lease, counting how much time passed.
  while (!a.le->is_leader()) {
    REQUIRE(clock.wait_for_sleepers(1));
    const auto calls = client.count_calls("get");
    clock.advance_to_next_deadline();
    REQUIRE(eventually([&] { return client.count_calls("get") > calls || a.le->is_leader(); }));
    REQUIRE(clock.now() - renewed_at < 30s);
  }
  CHECK(clock.now() - renewed_at >= 15s);
  CHECK(lease_spec(client)["holderIdentity"] == "a");
  CHECK(lease_spec(client)["leaseTransitions"] == 4);
  CHECK(eventually([&] { return a.started == 1; }));  // on_started runs just after is_leader() turns true
}

TEST_CASE("a released lease is taken at once; renew failures for renew_deadline lose leadership") {
  FakeClock clock;
  FakeClient client(clock);
  client.seed(gpupool::api::leases(), other_lease("", "2001-01-01T00:00:00.000000Z"));
  Elector a(client, clock, "a");
  a.start();
  REQUIRE(eventually([&] { return a.le->is_leader(); }));
  // Someone else writes the lease: our RV is stale (409) and they hold it.
  auto l = *client.peek(gpupool::api::leases(), "ops", "gpupool-operator");
  l["spec"]["holderIdentity"] = "thief";
  l["metadata"].erase("resourceVersion");
  REQUIRE(client.update(gpupool::api::leases(), "ops", l));
  int advanced = 0;
  while (a.end == -1) {
    REQUIRE(clock.wait_for_sleepers(1));
    clock.advance(1s);
    ++advanced;
    REQUIRE(advanced < 30);
    eventually([&] { return clock.sleepers() == 0 || a.end != -1; }, 20ms);
  }
  CHECK(a.end == static_cast<int>(LeaderElectionEnd::Lost));
  CHECK(advanced >= 12);  // 2 s retry period + 10 s renew deadline
  CHECK(a.stopped == 1);
  CHECK_FALSE(a.le->is_leader());
  CHECK(lease_spec(client)["holderIdentity"] == "thief");  // no release when lost
}
