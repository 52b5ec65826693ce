#include "sim/cloud/world.h"

#include <doctest/doctest.h>

#include "testing/fake_clock.h"

using namespace gpupool;
using namespace gpupool::sim::cloud;

namespace {
PoolRecord pool(const std::string& id, int nodes) {
  PoolRecord p;
  p.provider = "GKE";
  p.cluster = "c";
  p.id = id;
  p.region = "us-central1";
  p.machine_type = "a3-highgpu-8g";
  p.node_count = nodes;
  p.quota_usage["NVIDIA_H100_GPUS"] = nodes * 8;
  return p;
}
AdmitRequest ask(int nodes, const std::string& id = "") {
  AdmitRequest r{"GKE", "us-central1", "a3-highgpu-8g", id, "c", nodes, {{"NVIDIA_H100_GPUS", nodes * 8}}};
  return r;
}
}  // namespace

TEST_CASE("capacity: absent is unlimited, 0 is stockout, usage comes from pools") {
  testing::FakeClock clock;
  World w(clock);
  CHECK(w.admit(ask(100)).admission == Admission::Ok);
  w.set_capacity("GKE", "us-central1", "a3-highgpu-8g", 0);
  CHECK(w.admit(ask(1)).admission == Admission::Stockout);
  w.set_capacity("GKE", "us-central1", "a3-highgpu-8g", 3);
  w.upsert_pool(pool("a", 2));
  CHECK(w.admit(ask(1)).admission == Admission::Ok);
  CHECK(w.admit(ask(2)).admission == Admission::Stockout);
  CHECK(w.admit(ask(3, "a")).admission == Admission::Ok);  // resize replaces own usage
  w.remove_pool("GKE", "c", "a");
  CHECK(w.admit(ask(3)).admission == Admission::Ok);
  w.set_capacity("GKE", "us-central1", "a3-highgpu-8g", std::nullopt);
  CHECK(w.admit(ask(50)).admission == Admission::Ok);
}

TEST_CASE("quota is checked per key") {
  testing::FakeClock clock;
  World w(clock);
  w.set_quota("GKE", "NVIDIA_H100_GPUS", 16);
  w.upsert_pool(pool("a", 1));
  CHECK(w.admit(ask(1)).admission == Admission::Ok);
  auto r = w.admit(ask(2));
  CHECK(r.admission == Admission::Quota);
  CHECK(r.quota_key == "NVIDIA_H100_GPUS");
  CHECK(r.limit == 16);
  w.set_quota("AKS", "NVIDIA_H100_GPUS", 0);  // other provider: no effect
  CHECK(w.admit(ask(1)).admission == Admission::Ok);
}

TEST_CASE("faults are consumed per provider in order") {
  testing::FakeClock clock;
  World w(clock);
  w.add_fault({"GKE", 2, 429, "RESOURCE_EXHAUSTED", "", 1, std::nullopt});
  w.add_fault({"AKS", 1, 500, "", "", 0, std::nullopt});
  CHECK(w.take_fault("GKE")->status == 429);
  CHECK(w.take_fault("GKE")->retry_after_seconds == 1);
  CHECK_FALSE(w.take_fault("GKE"));
  CHECK(w.take_fault("AKS")->status == 500);
}

TEST_CASE("ready nodes follow the provisioning schedule") {
  testing::FakeClock clock;
  World w(clock);
  w.set_provisioning_time(std::chrono::seconds(4));
  auto p = pool("a", 2);
  p.ready_at = w.ready_schedule(2);
  CHECK(w.ready_nodes(p) == 0);
  clock.advance(std::chrono::seconds(2));
  CHECK(w.ready_nodes(p) == 1);
  clock.advance(std::chrono::seconds(2));
  CHECK(w.ready_nodes(p) == 2);
}

TEST_CASE("request counters and pool listeners") {
  testing::FakeClock clock;
  World w(clock);
  int events = 0;
  w.on_pool_change([&](const PoolRecord&, bool) { ++events; });
  w.count_request("GKE", "sa@x");
  w.count_request("GKE", "sa@x");
  w.count_request("GKE", "other");
  CHECK(w.requests("GKE") == 3);
  CHECK(w.requests("GKE", "sa@x") == 2);
  w.upsert_pool(pool("a", 1));
  w.remove_pool("GKE", "c", "a");
  w.remove_pool("GKE", "c", "a");  // already gone: no event
  CHECK(events == 2);
}

TEST_CASE("request peak: most requests in any sliding 1-second window, per identity") {
  testing::FakeClock clock;
  World w(clock);
  auto peak = [&](const std::string& identity) { return w.request_stats()[{"GKE", identity}].max_per_second; };
  // 0.0, 0.4, 0.8, 1.2 s: the window ending at 1.2 s holds 0.4, 0.8, 1.2 (0.0 is 1.2 s back).
  for (int i = 0; i < 4; ++i) {
    if (i) clock.advance(std::chrono::milliseconds(400));
    w.count_request("GKE", "sa@x");
  }
  CHECK(peak("sa@x") == 3);
  // Exactly 1 s apart: not in the same window.
  clock.advance(std::chrono::seconds(5));
  w.count_request("GKE", "other");
  clock.advance(std::chrono::seconds(1));
  w.count_request("GKE", "other");
  CHECK(peak("other") == 1);
  // A later burst raises the peak; a quiet period never lowers it.
  for (int i = 0; i < 5; ++i) w.count_request("GKE", "sa@x");
  CHECK(peak("sa@x") == 5);
  clock.advance(std::chrono::seconds(10));
  w.count_request("GKE", "sa@x");
  CHECK(peak("sa@x") == 5);
  CHECK(w.request_stats()[{"GKE", "sa@x"}].count == 10);
  CHECK(peak("other") == 1);  // keys are independent
}

TEST_CASE("reset drops request counts and peaks") {
  testing::FakeClock clock;
  World w(clock);
  w.count_request("AKS", "client");
  w.count_request("AKS", "client");
  w.reset();
  CHECK(w.requests("AKS", "client") == 0);
  CHECK(w.request_stats().empty());
  w.count_request("AKS", "client");
  CHECK(w.request_stats()[{"AKS", "client"}].max_per_second == 1);
}

TEST_CASE("writes are counted per provider and method; reads and token calls are not; reset drops them") {
  testing::FakeClock clock;
  World w(clock);
  w.count_request("GKE", "sa@x", "POST");
  w.count_request("GKE", "sa@x", "POST");
  w.count_request("GKE", "sa@x", "DELETE");
  w.count_request("GKE", "sa@x");                  // a read
  w.count_request("GKE", "token-endpoint");        // token exchange: never a write
  w.count_request("AKS", "client", write_method_of("PUT"));
  w.count_request("AKS", "client", write_method_of("GET"));
  CHECK(w.requests("GKE") == 5);  // every request still counts as a request
  auto writes = w.writes();
  CHECK(writes["GKE"] == std::map<std::string, long>{{"POST", 2}, {"DELETE", 1}});
  CHECK(writes["AKS"] == std::map<std::string, long>{{"PUT", 1}});
  CHECK(writes.count("OKE") == 0);
  w.reset();
  CHECK(w.writes().empty());
}

TEST_CASE("write_method_of keeps only mutating methods") {
  for (const char* m : {"POST", "PUT", "PATCH", "DELETE"}) CHECK(write_method_of(m) == m);
  for (const char* m : {"GET", "HEAD", "OPTIONS", "", "post"}) CHECK(write_method_of(m) == "");
}

TEST_CASE("pool records keep their autoscaler bounds") {
  testing::FakeClock clock;
  World w(clock);
  auto p = pool("a", 1);
  p.autoscaling = true;
  p.min_nodes = 1;
  p.max_nodes = 3;
  w.upsert_pool(p);
  auto stored = w.pools("GKE").at(0);
  CHECK(stored.autoscaling);
  CHECK(stored.min_nodes == 1);
  CHECK(stored.max_nodes == 3);
  CHECK_FALSE(pool("b", 1).autoscaling);  // default: not autoscaled, no bounds
  CHECK_FALSE(pool("b", 1).min_nodes);
}
