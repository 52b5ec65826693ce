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
