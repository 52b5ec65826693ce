#include <doctest/doctest.h>

#include <thread>

#include "sim/kube/api_server.h"
#include "sim/kube/test_client.h"

namespace gpupool::sim::kube {
using namespace testing;
using std::chrono::milliseconds;
using std::chrono::seconds;

struct WatchFixture {
  ApiServer s;
  Client c{s};
  explicit WatchFixture(ApiServerOptions o = {}) : s(std::move(o)) { REQUIRE(s.install_crd(gpupool_crd()).ok); }
  std::shared_ptr<BodyStream> watch(const std::string& query) {
    auto r = c.get(std::string(kPools) + "?watch=true" + query);
    REQUIRE(r.status() == 200);
    REQUIRE(r.raw.stream);
    return r.raw.stream;
  }
};

TEST_CASE_FIXTURE(WatchFixture, "watch without RV sends synthetic ADDED, then changes; RV=N is strictly after N") {
  auto a = c.post(kPools, pool("a")).body();
  auto w = watch("");
  auto ev = parse_lines(read_events(*w, 1, seconds(2)));
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["type"] == "ADDED");
  CHECK(ev[0]["object"]["metadata"]["name"] == "a");
  c.merge(std::string(kPools) + "/a", {{"spec", {{"gpus", 9}}}});
  ev = parse_lines(read_events(*w, 1, seconds(2)));
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["type"] == "MODIFIED");

  std::string rv = a["metadata"]["resourceVersion"];
  auto w2 = watch("&resourceVersion=" + rv);
  ev = parse_lines(read_events(*w2, 1, seconds(2)));
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["type"] == "MODIFIED");
  CHECK(ev[0]["object"]["spec"]["gpus"] == 9);
}

TEST_CASE_FIXTURE(WatchFixture, "no-op writes emit no event; deletion emits DELETED with a new RV") {
  auto a = c.post(kPools, pool("a")).body();
  auto w = watch("&resourceVersion=" + a["metadata"]["resourceVersion"].get<std::string>());
  c.merge(std::string(kPools) + "/a", {{"spec", {{"gpus", 4}}}});  // unchanged
  c.del(std::string(kPools) + "/a");
  auto ev = parse_lines(read_events(*w, 1, seconds(2)));
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["type"] == "DELETED");
  CHECK(ev[0]["object"]["metadata"]["resourceVersion"] != a["metadata"]["resourceVersion"]);
}

TEST_CASE_FIXTURE(WatchFixture, "compaction: old RV gives 410 ERROR event then close; open watches end") {
  auto a = c.post(kPools, pool("a")).body();
  c.post(kPools, pool("b"));
  auto open = watch("&resourceVersion=" + a["metadata"]["resourceVersion"].get<std::string>());
  s.compact();
  bool ended = false;
  read_events(*open, 100, seconds(2), &ended);
  CHECK(ended);
  auto w = watch("&resourceVersion=" + a["metadata"]["resourceVersion"].get<std::string>());
  auto text = read_events(*w, 2, seconds(2), &ended);
  auto ev = parse_lines(text);
  REQUIRE(ev.size() == 1);
  CHECK(ended);
  CHECK(ev[0]["type"] == "ERROR");
  CHECK(ev[0]["object"]["reason"] == "Expired");
  CHECK(ev[0]["object"]["message"].get<std::string>().rfind("too old resource version: " +
                                                              a["metadata"]["resourceVersion"].get<std::string>() + " (", 0) == 0);
}

TEST_CASE("bookmarks only when allowed; timeoutSeconds ends the stream") {
  ApiServerOptions o;
  o.bookmark_interval = milliseconds(100);
  WatchFixture f(o);
  auto w = f.watch("&allowWatchBookmarks=true&timeoutSeconds=1");
  bool ended = false;
  auto ev = parse_lines(read_events(*w, 1, seconds(2), &ended));
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["type"] == "BOOKMARK");
  CHECK(ev[0]["object"]["kind"] == "GPUPool");
  read_events(*w, 1000, seconds(3), &ended);
  CHECK(ended);
  auto quiet = f.watch("&timeoutSeconds=1");
  auto text = read_events(*quiet, 1, seconds(3), &ended);
  CHECK(text.empty());
  CHECK(ended);
}

TEST_CASE_FIXTURE(WatchFixture, "drop_watches and shutdown end streams; selectors filter watch events") {
  auto w = watch("&labelSelector=team=ml");
  c.post(kPools, pool("other", 1, {{"team", "web"}}));
  c.post(kPools, pool("mine", 1, {{"team", "ml"}}));
  auto ev = parse_lines(read_events(*w, 1, seconds(2)));
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["object"]["metadata"]["name"] == "mine");
  // Leaving the selection shows up as DELETED.
  c.merge(std::string(kPools) + "/mine", {{"metadata", {{"labels", {{"team", "web"}}}}}});
  ev = parse_lines(read_events(*w, 1, seconds(2)));
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["type"] == "DELETED");
  CHECK(s.stats()["openWatches"] == 1);
  s.drop_watches();
  bool ended = false;
  read_events(*w, 100, seconds(2), &ended);
  CHECK(ended);
  auto w2 = watch("&fieldSelector=metadata.name=x");
  s.shutdown();
  read_events(*w2, 100, seconds(2), &ended);
  CHECK(ended);
}

TEST_CASE_FIXTURE(WatchFixture, "a blocked watcher wakes on a write from another thread") {
  auto w = watch("&resourceVersion=0");
  std::thread writer([&] { c.post(kPools, pool("late")); });
  auto ev = parse_lines(read_events(*w, 1, seconds(5)));
  writer.join();
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["object"]["metadata"]["name"] == "late");
  CHECK(c.get(std::string(kPools) + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan").status() == 422);
}

}  // namespace gpupool::sim::kube

namespace gpupool::sim::kube {
using namespace testing;

TEST_CASE_FIXTURE(WatchFixture, "table watch: column definitions only in the first event") {
  c.post(kPools, pool("a"));
  HttpRequest req = make_request("GET", std::string(kPools) + "?watch=true");
  req.headers["accept"] = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  auto r = s.handle(req);
  REQUIRE(r.stream);
  c.post(kPools, pool("b"));
  auto ev = parse_lines(read_events(*r.stream, 2, std::chrono::seconds(2)));
  REQUIRE(ev.size() == 2);
  CHECK(ev[0]["object"]["kind"] == "Table");
  CHECK(ev[0]["object"]["columnDefinitions"].size() >= 2);
  CHECK(ev[0]["object"]["rows"].size() == 1);
  CHECK((!ev[1]["object"].contains("columnDefinitions") || ev[1]["object"]["columnDefinitions"].empty()));
  CHECK(ev[1]["object"]["rows"][0]["cells"][0] == "b");
}

TEST_CASE_FIXTURE(WatchFixture, "50 concurrent watchers all receive every event") {
  constexpr int kWatchers = 50, kWrites = 200;
  std::vector<std::shared_ptr<BodyStream>> streams;
  for (int i = 0; i < kWatchers; ++i) streams.push_back(watch("&resourceVersion=1"));
  std::vector<std::size_t> counts(kWatchers);
  std::vector<std::thread> readers;
  for (int i = 0; i < kWatchers; ++i)
    readers.emplace_back([&, i] {
      auto text = read_events(*streams[i], kWrites, std::chrono::seconds(20));
      counts[i] = parse_lines(text).size();
    });
  for (int i = 0; i < kWrites; ++i) c.post(kPools, pool("w" + std::to_string(i)));
  for (auto& t : readers) t.join();
  for (int i = 0; i < kWatchers; ++i) CHECK(counts[i] == kWrites);
  CHECK(s.stats()["openWatches"] == kWatchers);
}

}  // namespace gpupool::sim::kube
