#include "controller/gpupool_reconciler.h"

#include <doctest/doctest.h>

#include "api/resources.h"
#include "testing/fake_client.h"
#include "testing/fake_clock.h"

using namespace gpupool;
using nlohmann::json;

namespace {

struct Fixture {
  testing::FakeClock clock;
  testing::FakeClient client{clock};
  kube::Cache<api::GPUPool> pools;
  std::vector<std::string> events;
  controller::GPUPoolReconciler rec{pools, client,
                                    [this](const api::ObjectReference& ref, const std::string& t, const std::string& r,
                                           const std::string& m) { events.push_back(ref.name + " " + t + " " + r + " " + m); },
                                    clock};

  void put(json spec) {
    json obj{{"apiVersion", api::kApiVersion}, {"kind", "GPUPool"},
             {"metadata", {{"name", "p"}, {"namespace", "ns"}}}, {"spec", spec}};
    if (auto cur = client.peek(api::gpupools(), "ns", "p")) {
      obj["metadata"]["resourceVersion"] = (*cur)["metadata"]["resourceVersion"];
      REQUIRE(client.update(api::gpupools(), "ns", obj).has_value());
    } else {
      client.seed(api::gpupools(), obj);
    }
    sync();
  }
  void sync() { pools.upsert(std::make_shared<const api::GPUPool>(api::GPUPool::from_json(*client.peek(api::gpupools(), "ns", "p")))); }
  std::shared_ptr<const api::GPUPool> reconcile() {
    REQUIRE(rec.reconcile({"ns", "p"}).has_value());
    sync();
    return pools.get("ns/p");
  }
};

}  // namespace

TEST_CASE("GPUPool skeleton acknowledges generations") {
  Fixture f;
  f.put({{"gpus", 8}, {"gpuType", "H100"}});
  auto p = f.reconcile();
  CHECK(p->status.observed_generation == 1);
  CHECK(p->status.desired_gpus == 8);
  auto* prog = api::find_condition(p->status.conditions, "Progressing");
  REQUIRE(prog);
  CHECK(prog->status == "True");
  CHECK(prog->reason == "ReconcilerPending");
  CHECK(api::find_condition(p->status.conditions, "Ready")->status == "Unknown");
  CHECK(f.events.empty());

  f.put({{"gpus", 16}, {"gpuType", "H100"}});
  p = f.reconcile();
  CHECK(p->status.observed_generation == 2);
  CHECK(p->status.desired_gpus == 16);

  auto patches = f.client.count_calls("patch");
  f.reconcile();
  CHECK(f.client.count_calls("patch") == patches);
}

TEST_CASE("GPUPool skeleton reports decode errors once") {
  Fixture f;
  f.put({{"gpus", 8}, {"targets", {{{"name", "a"}, {"priority", 1}}, {{"name", "b"}, {"priority", "high"}}}}});
  auto p = f.reconcile();
  CHECK(p->status.observed_generation == 1);
  auto* deg = api::find_condition(p->status.conditions, "Degraded");
  REQUIRE(deg);
  CHECK(deg->status == "True");
  CHECK(deg->reason == "InvalidSpec");
  CHECK(deg->message == "invalid spec: spec.targets[1].priority: expected integer, got string");
  CHECK(api::find_condition(p->status.conditions, "Ready")->status == "False");
  REQUIRE(f.events.size() == 1);
  CHECK(f.events[0] == "p Warning InvalidSpec invalid spec: spec.targets[1].priority: expected integer, got string");
  f.reconcile();
  CHECK(f.events.size() == 1);

  f.put({{"gpus", 8}});
  p = f.reconcile();
  CHECK(api::find_condition(p->status.conditions, "Degraded")->status == "False");
  CHECK(p->status.observed_generation == 2);
}

TEST_CASE("pool_needs_reconcile filters our own status writes") {
  api::GPUPool a;
  a.metadata.generation = 2;
  a.status.observed_generation = 2;
  api::GPUPool b = a;
  b.metadata.resource_version = "9";
  CHECK(controller::pool_needs_reconcile(nullptr, b));
  CHECK_FALSE(controller::pool_needs_reconcile(&a, b));
  b.metadata.generation = 3;
  CHECK(controller::pool_needs_reconcile(&a, b));
  b = a;
  b.metadata.deleting = true;
  CHECK(controller::pool_needs_reconcile(&a, b));
  b = a;
  b.status.observed_generation = 1;
  CHECK(controller::pool_needs_reconcile(&a, b));
}
