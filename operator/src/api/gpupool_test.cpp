#include "api/gpupool.h"

#include <doctest/doctest.h>

using gpupool::api::GPUPool;
using nlohmann::json;

namespace {
json pool_json() {
  return json::parse(R"({
    "apiVersion":"gpupool.io/v1alpha1","kind":"GPUPool",
    "metadata":{"name":"p","namespace":"ml","uid":"u1","resourceVersion":"7","generation":3,"finalizers":["f"]},
    "spec":{"gpus":16,"gpuType":"H100","strategy":"Spread","mode":"Plan","paused":true,"deletionPolicy":"Retain",
      "nodeTemplate":{"labels":{"a":"b"},"taints":[{"key":"k","value":"v","effect":"NoSchedule"}]},
      "failover":{"initialBackoff":"1m","maxBackoff":"1h30m"},
      "targets":[{"name":"gke-a","cloudClusterRef":{"name":"gke"},"machineType":"a3-highgpu-8g","gpusPerNode":8,
                  "priority":10,"weight":2,"minNodes":0,"maxNodes":4,"capacityType":"Spot","zones":["z1","z2"],
                  "autoscaling":true,"pricePerGPUHour":"2.45"},
                 {"name":"aks-b","cloudClusterRef":"aks","machineType":"nd96","priority":5}]},
    "status":{"observedGeneration":2,"conditions":[{"type":"Ready","status":"True","reason":"R","lastTransitionTime":"2026-01-01T00:00:00Z"}]}
  })");
}
}  // namespace

TEST_CASE("GPUPool decodes a full object") {
  auto p = GPUPool::from_json(pool_json());
  REQUIRE_FALSE(p.decode_error);
  CHECK(p.metadata.key() == "ml/p");
  CHECK(p.metadata.generation == 3);
  CHECK(p.metadata.has_finalizer("f"));
  CHECK(p.spec.gpus == 16);
  CHECK(p.spec.strategy == gpupool::api::Strategy::Spread);
  CHECK(p.spec.mode == gpupool::api::PoolMode::Plan);
  CHECK(p.spec.deletion_policy == gpupool::api::DeletionPolicy::Retain);
  CHECK(p.spec.node_template.taints.at(0).effect == "NoSchedule");
  CHECK(p.spec.failover.initial_backoff == std::chrono::minutes(1));
  CHECK(p.spec.failover.max_backoff == std::chrono::minutes(90));
  CHECK(p.spec.failover.provisioning_timeout == std::chrono::minutes(20));  // default
  REQUIRE(p.spec.targets.size() == 2);
  CHECK(p.spec.targets[0].cloud_cluster_ref == "gke");
  CHECK(p.spec.targets[0].gpus_per_node == 8);
  CHECK(p.spec.targets[0].capacity_type == gpupool::api::CapacityType::Spot);
  CHECK(p.spec.targets[0].price_per_gpu_hour == "2.45");
  CHECK(p.spec.targets[1].cloud_cluster_ref == "aks");
  CHECK_FALSE(p.spec.targets[1].gpus_per_node);
  CHECK(p.status.observed_generation == 2);
  CHECK(p.status.conditions.at(0).reason == "R");
}

TEST_CASE("GPUPool defaults") {
  auto p = GPUPool::from_json(json{{"metadata", {{"name", "x"}}}, {"spec", json::object()}});
  REQUIRE_FALSE(p.decode_error);
  CHECK(p.spec.strategy == gpupool::api::Strategy::Priority);
  CHECK(p.spec.mode == gpupool::api::PoolMode::Apply);
  CHECK(p.spec.deletion_policy == gpupool::api::DeletionPolicy::Delete);
  CHECK(p.spec.failover.initial_backoff == std::chrono::minutes(5));
}

TEST_CASE("GPUPool malformed objects keep metadata and name the path") {
  struct Case { const char* path; json value; const char* want; };
  auto mutate = [](json j, const char* ptr, json v) { j[json::json_pointer(ptr)] = v; return j; };
  Case cases[] = {
      {"/spec/targets/1/priority", "high", "spec.targets[1].priority: expected integer, got string"},
      {"/spec/gpus", -1, "spec.gpus: must be >= 0, got -1"},
      {"/spec/gpus", 1.5, "spec.gpus: expected integer, got number"},
      {"/spec/strategy", "Random", "spec.strategy: unsupported value \"Random\": supported values: Priority, Spread, Cheapest"},
      {"/spec/failover/initialBackoff", "5 minutes", "spec.failover.initialBackoff: invalid duration \"5 minutes\" (want e.g. \"5m\", \"1h30m\")"},
      {"/spec/targets/0/pricePerGPUHour", "$2", "spec.targets[0].pricePerGPUHour: invalid decimal \"$2\" (want e.g. \"2.45\")"},
      {"/spec/targets/0/zones", "z1", "spec.targets[0].zones: expected array, got string"},
      {"/spec/targets/0/capacityType", 3, "spec.targets[0].capacityType: expected string, got integer"},
      {"/spec/nodeTemplate/labels/a", 1, "spec.nodeTemplate.labels.a: expected string, got integer"},
      {"/spec/targets", json::object(), "spec.targets: expected array, got object"},
      {"/spec/targets/0", "x", "spec.targets[0]: expected object, got string"},
      {"/spec", "x", "spec: expected object, got string"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    auto p = GPUPool::from_json(mutate(pool_json(), c.path, c.value));
    REQUIRE(p.decode_error);
    CHECK(*p.decode_error == c.want);
    CHECK(p.metadata.name == "p");
    CHECK(p.metadata.generation == 3);
    CHECK(p.spec.targets.empty());  // never a half-decoded spec
    CHECK(p.status.observed_generation == 2);
  }
}

TEST_CASE("GPUPool never throws on garbage") {
  for (const auto& j : {json(nullptr), json(5), json::array(), json{{"metadata", 5}}, json{{"spec", nullptr}},
                        json{{"metadata", {{"name", 5}, {"generation", "x"}}}, {"status", "bad"}}}) {
    CHECK_NOTHROW((void)GPUPool::from_json(j));
  }
  CHECK(GPUPool::from_json(json(5)).decode_error == "expected object, got integer");
}

TEST_CASE("GPUPool status round-trips") {
  gpupool::api::GPUPoolStatus s;
  s.observed_generation = 4;
  s.desired_gpus = 16;
  s.targets.push_back({"a", "GKE", "np", 2, 1, 1, "Provisioning", "", "2026-01-01T00:00:00Z", gpupool::api::TargetError{"Stockout", "m", "t"}});
  s.plan.push_back({"a", "ScaleUp", 1, 2, "r"});
  s.conditions.push_back({"Ready", "False", 4, "2026-01-01T00:00:00Z", "Pending", "msg"});
  auto j = s.to_json();
  CHECK(j["targets"][0]["lastError"]["reason"] == "Stockout");
  CHECK(gpupool::api::GPUPoolStatus::from_json(j) == s);
}
