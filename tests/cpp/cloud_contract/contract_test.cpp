// Provider-agnostic scenarios, run against every registered CloudFixture.
#include <doctest/doctest.h>

#include <thread>

#include "cloud/errors.h"
#include "cloud_contract/fixture.h"

using namespace gpupool;
using namespace gpupool::contract;
using namespace std::chrono_literals;

namespace {
// Polls `cond` until it holds or `timeout` passes (real time; the simulators run on the system clock).
template <typename F>
bool eventually(F&& cond, std::chrono::milliseconds timeout = 20s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return cond();
}

cloud::OperationStatus wait_done(cloud::NodePoolProvider& p, const cloud::Operation& op) {
  cloud::OperationStatus last;
  bool done = eventually([&] {
    auto s = p.poll(op);
    if (!s) return false;  // transient: poll again
    last = *s;
    return s->done;
  });
  REQUIRE_MESSAGE(done, "operation " << op.id << " never finished");
  return last;
}

template <typename Scenario>
void for_each_cloud(Scenario&& run) {
  REQUIRE(!fixtures().empty());
  for (const auto& [name, make] : fixtures()) {
    CAPTURE(name);
    auto f = make();
    run(*f);
  }
}

void delete_and_wait(cloud::NodePoolProvider& p, const std::string& id) {
  auto pool = p.get(id);
  if (!pool) return;
  auto op = p.remove(*pool);
  REQUIRE(op);
  wait_done(p, *op);
}
}  // namespace

TEST_CASE("contract: create, observe readiness, resize, delete") {
  for_each_cloud([](CloudFixture& f) {
    auto& p = f.provider();
    auto spec = f.spec("lifecycle", 1);
    auto op = p.create(spec);
    REQUIRE_MESSAGE(op, op.error().describe());
    CHECK(op->kind == "create");
    auto st = wait_done(p, *op);
    CHECK_FALSE(st.error);
    auto pool = p.get(spec.name);
    REQUIRE_MESSAGE(pool, pool.error().describe());
    CHECK(pool->machine_type == spec.machine_type);
    REQUIRE(pool->owner);
    CHECK(pool->owner->target == "lifecycle");
    CHECK(eventually([&] { auto g = p.get(spec.name); return g && g->ready_nodes == 1; }));
    auto all = p.list();
    REQUIRE(all);
    CHECK(std::count_if(all->begin(), all->end(), [&](const cloud::NodePool& n) { return n.name == spec.name && n.owner; }) == 1);

    auto resize = p.resize(*pool, 2);
    REQUIRE_MESSAGE(resize, resize.error().describe());
    CHECK_FALSE(wait_done(p, *resize).error);
    CHECK(eventually([&] { auto g = p.get(spec.name); return g && g->desired_nodes == 2 && g->ready_nodes == 2; }));

    auto rm = p.remove(*p.get(spec.name));
    REQUIRE(rm);
    CHECK_FALSE(wait_done(p, *rm).error);
    auto gone = p.get(spec.name);
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == ErrorCode::NotFound);
    auto again = p.remove(*pool);  // already gone: done at once
    REQUIRE(again);
    CHECK(again->done);
  });
}

TEST_CASE("contract: a second mutation while one runs is Busy") {
  for_each_cloud([](CloudFixture& f) {
    if (!f.has_busy_state()) {
      MESSAGE(f.provider_name() << " has no busy state: scenario skipped");
      return;
    }
    auto& p = f.provider();
    f.world().set_provisioning_time(2s);
    auto a = p.create(f.spec("busy-a", 1));
    REQUIRE(a);
    auto b = p.create(f.spec("busy-b", 1));
    REQUIRE_FALSE(b);
    CHECK(b.error().code == ErrorCode::Busy);
    wait_done(p, *a);
    f.world().set_provisioning_time(600ms);
    delete_and_wait(p, f.spec("busy-a", 1).name);
  });
}

TEST_CASE("contract: stockout surfaces as ResourceExhausted/Stockout") {
  for_each_cloud([](CloudFixture& f) {
    auto& p = f.provider();
    auto spec = f.spec("stockout", 1);
    f.world().set_capacity(f.provider_name(), f.region(), spec.machine_type, 0);
    auto op = p.create(spec);
    std::optional<Error> err;
    if (!op) err = op.error();
    else err = wait_done(p, *op).error;
    REQUIRE(err);
    CHECK(cloud::is_stockout(*err));
    // A failed create may leave a pool behind (GKE: ERROR state); it must be readable.
    if (auto left = p.get(spec.name)) {
      CHECK(left->error);
      f.world().set_capacity(f.provider_name(), f.region(), spec.machine_type, std::nullopt);
      delete_and_wait(p, spec.name);
    }
  });
}

TEST_CASE("contract: quota surfaces as ResourceExhausted/Quota") {
  for_each_cloud([](CloudFixture& f) {
    auto& p = f.provider();
    auto spec = f.spec("quota", 1);
    f.world().set_quota(f.provider_name(), f.quota_key(spec), 0);
    auto op = p.create(spec);
    std::optional<Error> err;
    if (!op) err = op.error();
    else err = wait_done(p, *op).error;
    REQUIRE(err);
    CHECK(cloud::is_quota(*err));
    f.world().set_quota(f.provider_name(), f.quota_key(spec), std::nullopt);
    delete_and_wait(p, spec.name);
  });
}

TEST_CASE("contract: 429 with Retry-After is retried or RateLimited") {
  for_each_cloud([](CloudFixture& f) {
    auto& p = f.provider();
    REQUIRE(p.list());  // credentials cached first
    f.world().add_fault({f.provider_name(), 1, 429, "", "", 1, std::nullopt});
    auto r = p.list();
    if (!r) {
      CHECK(r.error().code == ErrorCode::RateLimited);
      CHECK(r.error().retry_after == std::chrono::milliseconds(1000));
    }
    f.world().add_fault({f.provider_name(), 1, 429, "", "", 2, std::nullopt});
    auto c = p.create(f.spec("ratelimited", 1));  // a create is not blindly retried
    if (!c) {
      CHECK(c.error().code == ErrorCode::RateLimited);
      CHECK(c.error().retry_after == std::chrono::milliseconds(2000));
    } else {
      wait_done(p, *c);
      delete_and_wait(p, f.spec("ratelimited", 1).name);
    }
  });
}

TEST_CASE("contract: expired credentials are refreshed transparently") {
  for_each_cloud([](CloudFixture& f) {
    auto& p = f.provider();
    REQUIRE(p.list());
    f.expire_credentials();
    auto r = p.list();
    CHECK_MESSAGE(r, (r ? "" : r.error().describe()));
  });
}

TEST_CASE("contract: rejected credentials are Unauthenticated") {
  for_each_cloud([](CloudFixture& f) {
    auto bad = f.provider_with_bad_credentials();
    auto r = bad->list();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::Unauthenticated);
  });
}

TEST_CASE("contract: a malformed response body is an error, not a crash") {
  for_each_cloud([](CloudFixture& f) {
    auto& p = f.provider();
    REQUIRE(p.list());
    f.world().add_fault({f.provider_name(), 1, 200, "", "", 0, std::string("{\"nodePools\": [ {not json")});
    auto r = p.list();
    REQUIRE_FALSE(r);
    CHECK((r.error().code == ErrorCode::Unavailable || r.error().code == ErrorCode::Internal));
    CHECK(p.list());  // and the next call works
  });
}
