#include "controller/controller.h"

#include <doctest/doctest.h>

#include <atomic>
#include <deque>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>

#include "api/object_meta.h"
#include "testing/fake_clock.h"

using namespace std::chrono_literals;
using gpupool::Error;
using gpupool::ErrorCode;
using gpupool::Result;
using gpupool::controller::Controller;
using gpupool::controller::ControllerOptions;
using gpupool::controller::ObjectKey;
using gpupool::controller::Outcome;
using gpupool::kube::WorkQueue;
using gpupool::testing::eventually;
using gpupool::testing::FakeClock;

namespace {

// Returns scripted results in order (then done()); counts calls per key.
struct ScriptedReconciler : gpupool::controller::Reconciler {
  std::mutex mu;
  std::deque<std::function<Result<Outcome>()>> script;
  std::map<std::string, int> calls;
  std::set<std::string> ids;
  Result<Outcome> reconcile(const ObjectKey& key) override {
    std::function<Result<Outcome>()> next;
    {
      std::lock_guard l(mu);
      ++calls[key.str()];
      ids.insert(gpupool::controller::current_reconcile_id());
      if (!script.empty()) {
        next = std::move(script.front());
        script.pop_front();
      }
    }
    return next ? next() : Outcome::done();
  }
  int count(const std::string& k) {
    std::lock_guard l(mu);
    return calls[k];
  }
  void then(std::function<Result<Outcome>()> f) {
    std::lock_guard l(mu);
    script.push_back(std::move(f));
  }
};

struct Results : gpupool::controller::ControllerMetrics {
  std::mutex mu;
  std::map<std::string, int> by_result;
  void on_reconcile(const std::string&, const std::string& r, std::chrono::duration<double>) override {
    std::lock_guard l(mu);
    ++by_result[r];
  }
  int get(const std::string& r) {
    std::lock_guard l(mu);
    return by_result[r];
  }
};

struct Fixture {
  FakeClock clock;
  WorkQueue queue{clock};
  ScriptedReconciler rec;
  std::shared_ptr<Results> metrics = std::make_shared<Results>();
  std::unique_ptr<Controller> ctrl;
  explicit Fixture(int workers = 2) {
    ControllerOptions o;
    o.name = "test";
    o.workers = workers;
    o.metrics = metrics;
    ctrl = std::make_unique<Controller>(o, rec, queue, clock);
    ctrl->start();
  }
};

}  // namespace

TEST_CASE("ObjectKey str/parse round trip") {
  CHECK(ObjectKey{"ns", "a"}.str() == "ns/a");
  CHECK(ObjectKey{"", "a"}.str() == "a");
  CHECK(ObjectKey::parse("ns/a") == ObjectKey{"ns", "a"});
  CHECK(ObjectKey::parse("a") == ObjectKey{"", "a"});
}

TEST_CASE("success forgets the key; each reconcile has its own id") {
  Fixture f;
  f.ctrl->enqueue({"ns", "a"});
  REQUIRE(eventually([&] { return f.metrics->get("success") == 1; }));
  f.ctrl->enqueue({"ns", "a"});
  REQUIRE(eventually([&] { return f.metrics->get("success") == 2; }));
  CHECK(f.rec.count("ns/a") == 2);
  CHECK(f.queue.num_requeues("ns/a") == 0);
  std::lock_guard l(f.rec.mu);
  CHECK(f.rec.ids.size() == 2);
  CHECK(f.rec.ids.count("") == 0);
}

TEST_CASE("errors requeue rate-limited; success afterwards forgets") {
  Fixture f;
  f.rec.then([] { return Result<Outcome>(Error(ErrorCode::Unavailable, "boom")); });
  f.rec.then([] { return Result<Outcome>(Error(ErrorCode::Unavailable, "boom")); });
  f.ctrl->enqueue({"ns", "a"});
  REQUIRE(eventually([&] { return f.metrics->get("error") == 1 && f.queue.waiting() == 1; }));
  CHECK(f.queue.num_requeues("ns/a") == 1);
  REQUIRE(f.clock.wait_for_sleepers(1));
  f.clock.advance(4ms);
  CHECK_FALSE(eventually([&] { return f.rec.count("ns/a") == 2; }, 30ms));
  f.clock.advance(1ms);  // 5 ms: first retry
  REQUIRE(eventually([&] { return f.metrics->get("error") == 2 && f.queue.waiting() == 1; }));
  CHECK(f.queue.num_requeues("ns/a") == 2);
  f.clock.advance(10ms);  // second retry after 10 ms
  REQUIRE(eventually([&] { return f.metrics->get("success") == 1; }));
  CHECK(f.queue.num_requeues("ns/a") == 0);
}

TEST_CASE("requeue_after re-adds after the delay") {
  Fixture f;
  f.rec.then([] { return Result<Outcome>(Outcome::after(30s)); });
  f.ctrl->enqueue({"ns", "a"});
  REQUIRE(eventually([&] { return f.metrics->get("requeue_after") == 1 && f.queue.waiting() == 1; }));
  f.clock.advance(29s);
  CHECK_FALSE(eventually([&] { return f.rec.count("ns/a") == 2; }, 30ms));
  f.clock.advance(1s);
  REQUIRE(eventually([&] { return f.rec.count("ns/a") == 2; }));
  CHECK(f.queue.num_requeues("ns/a") == 0);
}

TEST_CASE("InvalidArgument waits for a change; RateLimited honours retry_after") {
  Fixture f;
  f.rec.then([] { return Result<Outcome>(Error(ErrorCode::InvalidArgument, "bad spec")); });
  f.ctrl->enqueue({"ns", "bad"});
  REQUIRE(eventually([&] { return f.metrics->get("error") == 1; }));
  CHECK(f.queue.waiting() == 0);
  CHECK(f.queue.len() == 0);
  CHECK(f.queue.num_requeues("ns/bad") == 0);

  f.rec.then([] {
    Error e(ErrorCode::RateLimited, "slow down");
    e.retry_after = 7s;
    return Result<Outcome>(e);
  });
  f.ctrl->enqueue({"ns", "limited"});
  REQUIRE(eventually([&] { return f.metrics->get("error") == 2 && f.queue.waiting() == 1; }));
  f.clock.advance(6s);
  CHECK_FALSE(eventually([&] { return f.rec.count("ns/limited") == 2; }, 30ms));
  f.clock.advance(1s);
  REQUIRE(eventually([&] { return f.rec.count("ns/limited") == 2; }));
}

TEST_CASE("a throwing reconciler is logged and requeued rate-limited") {
  Fixture f;
  f.rec.then([]() -> Result<Outcome> { throw std::runtime_error("oops"); });
  f.ctrl->enqueue({"ns", "a"});
  REQUIRE(eventually([&] { return f.metrics->get("panic") == 1 && f.queue.waiting() == 1; }));
  CHECK(f.queue.num_requeues("ns/a") == 1);
  f.clock.advance(5ms);
  REQUIRE(eventually([&] { return f.metrics->get("success") == 1; }));
}

TEST_CASE("stop waits for in-flight reconciles, bounded by the drain timeout") {
  Fixture f(1);
  std::atomic<bool> release{false}, entered{false};
  f.rec.then([&] {
    entered = true;
    while (!release) std::this_thread::yield();
    return Result<Outcome>(Outcome::done());
  });
  f.ctrl->enqueue({"ns", "slow"});
  REQUIRE(eventually([&] { return entered.load(); }));
  f.ctrl->enqueue({"ns", "queued"});  // dropped by the drain
  std::atomic<int> stopped{-1};
  std::jthread t([&] { stopped = f.ctrl->stop() ? 1 : 0; });
  CHECK_FALSE(eventually([&] { return stopped != -1; }, 50ms));
  release = true;
  REQUIRE(eventually([&] { return stopped != -1; }));
  CHECK(stopped == 1);
  CHECK(f.rec.count("ns/queued") == 0);
}

TEST_CASE("stop gives up after the drain timeout on the clock") {
  FakeClock clock;
  WorkQueue queue(clock);
  ScriptedReconciler rec;
  std::atomic<bool> release{false}, entered{false};
  rec.then([&] {
    entered = true;
    while (!release) std::this_thread::yield();
    return Result<Outcome>(Outcome::done());
  });
  ControllerOptions o;
  o.workers = 1;
  o.drain_timeout = 5s;
  auto ctrl = std::make_unique<Controller>(o, rec, queue, clock);
  ctrl->start();
  ctrl->enqueue({"", "x"});
  REQUIRE(eventually([&] { return entered.load(); }));
  std::atomic<int> stopped{-1};
  std::jthread t([&] { stopped = ctrl->stop() ? 1 : 0; });
  CHECK_FALSE(eventually([&] { return stopped != -1; }, 50ms));
  // stop() sleeps on the clock; advance until its 5 s drain timeout passes.
  for (int i = 0; i < 20 && stopped == -1; ++i) {
    clock.advance(1s);
    eventually([&] { return stopped != -1; }, 20ms);
  }
  REQUIRE(stopped != -1);
  t.join();
  CHECK(stopped == 0);
  CHECK(ctrl->running_workers() == 1);  // still stuck in the reconcile
  release = true;
  // The detached worker finishes on its own; wait so it does not outlive `rec`.
  REQUIRE(eventually([&] { return ctrl->running_workers() == 0; }));
}

TEST_CASE("enqueue_handlers adds keys, filtering updates") {
  struct Obj {
    gpupool::api::ObjectMeta metadata;
  };
  FakeClock clock;
  WorkQueue q(clock);
  auto h = gpupool::controller::enqueue_handlers<Obj>(
      q, [](const Obj& a, const Obj& b) { return a.metadata.generation != b.metadata.generation; });
  auto make = [](long long gen) {
    Obj o;
    o.metadata.ns = "ns";
    o.metadata.name = "a";
    o.metadata.generation = gen;
    return std::make_shared<const Obj>(o);
  };
  h.on_update(make(1), make(1));
  CHECK(q.len() == 0);
  h.on_update(make(1), make(2));
  CHECK(q.get() == "ns/a");
  q.done("ns/a");
  h.on_delete(make(2));
  CHECK(q.len() == 1);
}
