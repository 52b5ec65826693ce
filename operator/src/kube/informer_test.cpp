#include "kube/informer.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "api/object_meta.h"
#include "testing/fake_client.h"
#include "testing/fake_clock.h"

using namespace std::chrono_literals;
using gpupool::ErrorCode;
using gpupool::kube::json;
using gpupool::testing::eventually;
using gpupool::testing::FakeClient;
using gpupool::testing::FakeClock;

namespace {

struct Pool {
  gpupool::api::ObjectMeta metadata;
  std::string cluster;
  static Pool from_json(const json& j) {
    Pool p;
    const json& m = j.value("metadata", json::object());
    p.metadata.ns = m.value("namespace", "");
    p.metadata.name = m.value("name", "");
    p.metadata.resource_version = m.value("resourceVersion", "");
    p.cluster = j.value("spec", json::object()).value("cluster", "");
    return p;
  }
};

const gpupool::kube::ResourceRef kPools{"gpupool.io", "v1alpha1", "gpupools", true};

json pool(const std::string& ns, const std::string& name, const std::string& cluster = "c1") {
  return {{"apiVersion", "gpupool.io/v1alpha1"},
          {"kind", "GPUPool"},
          {"metadata", {{"namespace", ns}, {"name", name}}},
          {"spec", {{"cluster", cluster}}}};
}

// Records handler calls as "add:ns/name", "update:ns/name", "delete:ns/name".
struct Recorder {
  std::mutex mu;
  std::vector<std::string> log;
  void push(std::string s) {
    std::lock_guard l(mu);
    log.push_back(std::move(s));
  }
  std::size_t count(const std::string& s) {
    std::lock_guard l(mu);
    return static_cast<std::size_t>(std::count(log.begin(), log.end(), s));
  }
  std::size_t size() {
    std::lock_guard l(mu);
    return log.size();
  }
  gpupool::kube::EventHandlers<Pool> handlers() {
    return {[this](auto& o) { push("add:" + o->metadata.key()); },
            [this](auto&, auto& n) { push("update:" + n->metadata.key()); },
            [this](auto& o) { push("delete:" + o->metadata.key()); }};
  }
};

struct Fixture {
  FakeClock clock;
  FakeClient client{clock};
  Recorder rec;
  std::unique_ptr<gpupool::kube::Informer<Pool>> inf;
  std::jthread thread;

  void start(gpupool::kube::ReflectorOptions opts = {}) {
    inf = std::make_unique<gpupool::kube::Informer<Pool>>(client, kPools, clock, opts);
    inf->add_handlers(rec.handlers());
    thread = std::jthread([this](std::stop_token st) { inf->run(st); });
  }
  ~Fixture() {
    if (thread.joinable()) {
      thread.request_stop();
      thread.join();
    }
  }
  std::vector<std::string> watch_details() {
    std::vector<std::string> out;
    for (auto& c : client.calls())
      if (c.verb == "watch") out.push_back(c.detail);
    return out;
  }
};

}  // namespace

TEST_CASE("informer lists, then watches from the list RV and delivers add/update/delete") {
  Fixture f;
  f.client.seed(kPools, pool("a", "p1"));
  f.client.seed(kPools, pool("b", "p2"));
  const std::string list_rv = f.client.current_resource_version();
  f.start();
  REQUIRE(eventually([&] { return f.inf->has_synced(); }));
  REQUIRE(f.client.wait_for_watches(1));
  CHECK(f.inf->cache().size() == 2);
  CHECK(f.rec.count("add:a/p1") == 1);
  CHECK(f.watch_details().at(0) == "rv=" + list_rv + " bookmarks");

  REQUIRE(f.client.create(kPools, "a", pool("a", "p3")));
  REQUIRE(eventually([&] { return f.rec.count("add:a/p3") == 1; }));
  auto p1 = *f.client.get(kPools, "a", "p1");
  p1["spec"]["cluster"] = "c2";
  REQUIRE(f.client.update(kPools, "a", p1));
  REQUIRE(eventually([&] { return f.rec.count("update:a/p1") == 1; }));
  CHECK(f.inf->cache().get("a/p1")->cluster == "c2");
  REQUIRE(f.client.remove(kPools, "b", "p2"));
  REQUIRE(eventually([&] { return f.rec.count("delete:b/p2") == 1; }));
  CHECK(f.inf->cache().get("b/p2") == nullptr);
  CHECK(f.inf->reflector().list_count() == 1);
}

TEST_CASE("reflector pages the list with limit 500 / continue") {
  Fixture f;
  for (int i = 0; i < 5; ++i) f.client.seed(kPools, pool("a", "p" + std::to_string(i)));
  gpupool::kube::ReflectorOptions opts;
  opts.page_size = 2;
  f.start(opts);
  REQUIRE(eventually([&] { return f.inf->has_synced(); }));
  CHECK(f.inf->cache().size() == 5);
  CHECK(f.client.count_calls("list") == 3);
  auto calls = f.client.calls();
  CHECK(calls.at(0).detail.find("limit=2 continue= ") == 0);
  CHECK(calls.at(1).detail.find("continue=") != std::string::npos);
  CHECK(gpupool::kube::ReflectorOptions{}.page_size == 500);
}

TEST_CASE("a normally closed watch resumes from the last seen RV without relisting") {
  Fixture f;
  f.client.seed(kPools, pool("a", "p1"));
  f.start();
  REQUIRE(f.client.wait_for_watches(1));
  REQUIRE(f.client.create(kPools, "a", pool("a", "p2")));
  REQUIRE(eventually([&] { return f.rec.count("add:a/p2") == 1; }));
  f.client.send_bookmarks();
  const std::string rv = f.client.current_resource_version();
  REQUIRE(eventually([&] { return f.inf->reflector().last_sync_resource_version() == rv; }));
  f.client.close_watches();
  REQUIRE(eventually([&] { return f.watch_details().size() == 2 && f.client.open_watches() == 1; }));
  CHECK(f.watch_details().at(1) == "rv=" + rv + " bookmarks");
  CHECK(f.client.count_calls("list") == 1);
  CHECK(f.rec.size() == 2);  // no duplicate adds
}

TEST_CASE("410 Gone relists after backoff with replace semantics") {
  Fixture f;
  f.client.seed(kPools, pool("a", "gone"));
  f.client.seed(kPools, pool("a", "changed"));
  f.client.seed(kPools, pool("a", "same"));
  f.start();
  REQUIRE(f.client.wait_for_watches(1));
  f.client.break_watches(gpupool::Error(ErrorCode::Gone, "too old resource version"));
  REQUIRE(f.clock.wait_for_sleepers(1));  // backing off
  const auto delay = f.clock.next_deadline() - f.clock.now();
  CHECK(delay >= 800ms);
  CHECK(delay <= 1600ms);
  // Changes while no watch is open are only seen through the relist.
  f.client.compact();
  REQUIRE(f.client.remove(kPools, "a", "gone"));
  auto c = *f.client.get(kPools, "a", "changed");
  c["spec"]["cluster"] = "c9";
  REQUIRE(f.client.update(kPools, "a", c));
  f.clock.advance(delay);
  REQUIRE(eventually([&] { return f.client.count_calls("list") == 2 && f.client.open_watches() == 1; }));
  CHECK(f.rec.count("delete:a/gone") == 1);
  CHECK(f.rec.count("update:a/changed") == 1);
  CHECK(f.rec.count("update:a/same") == 0);  // unchanged RV: no update
  CHECK(f.inf->cache().size() == 2);
}

TEST_CASE("an ERROR event triggers a relist") {
  Fixture f;
  f.client.seed(kPools, pool("a", "p1"));
  f.start();
  REQUIRE(f.client.wait_for_watches(1));
  f.client.send_watch_error({{"kind", "Status"}, {"code", 410}, {"reason", "Expired"}, {"message", "too old"}});
  REQUIRE(f.clock.wait_for_sleepers(1));
  f.clock.advance_to_next_deadline();
  REQUIRE(eventually([&] { return f.client.count_calls("list") == 2 && f.client.open_watches() == 1; }));
  CHECK(f.rec.count("add:a/p1") == 1);
  CHECK(f.rec.size() == 1);
}

TEST_CASE("list errors back off exponentially from 800 ms with jitter, capped at 30 s") {
  Fixture f;
  f.client.fail_next("list", gpupool::Error(ErrorCode::Unavailable, "connection refused"), 8);
  f.start();
  std::chrono::milliseconds base = 800ms;
  for (int i = 0; i < 8; ++i) {
    REQUIRE(eventually([&] { return f.client.count_calls("list") == static_cast<std::size_t>(i + 1); }));
    REQUIRE(f.clock.wait_for_sleepers(1));
    const auto delay = f.clock.next_deadline() - f.clock.now();
    CHECK(delay >= std::min<std::chrono::milliseconds>(base, 30s));
    CHECK(delay <= std::min<std::chrono::milliseconds>(2 * base, 30s));
    base *= 2;
    f.clock.advance(delay);
  }
  REQUIRE(eventually([&] { return f.inf->has_synced(); }));
  CHECK(f.client.count_calls("list") == 9);
}

TEST_CASE("a very short empty watch is an error; RateLimited rewatches without relisting") {
  Fixture f;
  f.start();
  REQUIRE(f.client.wait_for_watches(1));
  f.client.close_watches();  // zero events, zero elapsed time
  REQUIRE(f.clock.wait_for_sleepers(1));
  f.clock.advance_to_next_deadline();
  REQUIRE(eventually([&] { return f.client.count_calls("list") == 2 && f.client.open_watches() == 1; }));

  gpupool::Error limited(ErrorCode::RateLimited, "too many requests");
  limited.retry_after = 7s;
  f.client.fail_next("watch", limited);
  f.client.close_watches();  // short again -> relist, then the watch is rate limited
  REQUIRE(f.clock.wait_for_sleepers(1));
  f.clock.advance_to_next_deadline();
  REQUIRE(eventually([&] { return f.client.count_calls("list") == 3 && f.client.count_calls("watch") == 3; }));
  REQUIRE(f.clock.wait_for_sleepers(1));
  CHECK(f.clock.next_deadline() - f.clock.now() >= 7s);  // honours retry_after
  f.clock.advance_to_next_deadline();
  REQUIRE(eventually([&] { return f.client.open_watches() == 1; }));
  CHECK(f.client.count_calls("watch") == 4);
  CHECK(f.client.count_calls("list") == 3);  // no relist for 429
}

TEST_CASE("namespace-scoped informer sees only its namespace") {
  Fixture f;
  f.client.seed(kPools, pool("a", "p1"));
  f.client.seed(kPools, pool("b", "p2"));
  gpupool::kube::ReflectorOptions opts;
  opts.ns = "a";
  f.start(opts);
  REQUIRE(f.client.wait_for_watches(1));
  REQUIRE(f.client.create(kPools, "b", pool("b", "p3")));
  REQUIRE(f.client.create(kPools, "a", pool("a", "p4")));
  REQUIRE(eventually([&] { return f.rec.count("add:a/p4") == 1; }));
  CHECK(f.inf->cache().size() == 2);
  CHECK(f.inf->cache().get("b/p2") == nullptr);
}

TEST_CASE("custom index on the informer cache") {
  Fixture f;
  f.client.seed(kPools, pool("a", "p1", "a/c1"));
  f.client.seed(kPools, pool("a", "p2", "a/c2"));
  f.inf = std::make_unique<gpupool::kube::Informer<Pool>>(f.client, kPools, f.clock);
  f.inf->add_index("cluster", [](const Pool& p) { return std::vector<std::string>{p.cluster}; });
  f.thread = std::jthread([&](std::stop_token st) { f.inf->run(st); });
  REQUIRE(eventually([&] { return f.inf->has_synced(); }));
  CHECK(f.inf->cache().by_index("cluster", "a/c1").size() == 1);
  CHECK(f.inf->cache().by_index("cluster", "a/c2").at(0)->metadata.name == "p2");
}
