#include "controller/gpupool_reconciler.h"

#include <doctest/doctest.h>

#include "api/resources.h"
#include "cloud/errors.h"
#include "cloud/ownership.h"
#include "metrics/metrics.h"
#include "testing/fake_client.h"
#include "testing/fake_clock.h"
#include "testing/fake_provider.h"

using namespace gpupool;
using nlohmann::json;

namespace {

constexpr const char* kMachine = "Standard_ND96isr_H100_v5";  // AKS, 8 x H100

// Providers per CloudCluster name; one gate set per "process".
struct FakeSource final : controller::ProviderSource {
  explicit FakeSource(Clock& clock) : gates(clock) {}
  cloud::ClusterGates gates;
  std::map<std::string, std::shared_ptr<testing::FakeProvider>> providers;
  int lookups = 0;
  Result<std::shared_ptr<cloud::NodePoolProvider>> provider_for(const api::CloudCluster& c) override {
    ++lookups;
    auto it = providers.find(c.metadata.name);
    if (it == providers.end()) return fail(ErrorCode::NotFound, "no provider for " + c.metadata.name);
    return std::shared_ptr<cloud::NodePoolProvider>(it->second);
  }
  std::shared_ptr<cloud::ClusterGate> gate_for(const api::CloudCluster& c) override {
    return gates.gate(c.metadata.key(), 0);
  }
};

json target(const std::string& name, int priority, std::optional<int> max_nodes = {}) {
  json t{{"name", name}, {"cloudClusterRef", "aks-" + name}, {"machineType", kMachine}, {"priority", priority}};
  if (max_nodes) t["maxNodes"] = *max_nodes;
  return t;
}

json two_targets(int gpus, std::optional<int> max_nodes = 1) {
  return {{"gpus", gpus}, {"gpuType", "H100"}, {"targets", {target("a", 0, max_nodes), target("b", 1, max_nodes)}}};
}

struct Fixture {
  testing::FakeClock clock;
  testing::FakeClient client{clock};
  kube::Cache<api::GPUPool> pools;
  kube::Cache<api::CloudCluster> clusters;
  std::shared_ptr<testing::FakeProvider> a = std::make_shared<testing::FakeProvider>();
  std::shared_ptr<testing::FakeProvider> b = std::make_shared<testing::FakeProvider>();
  std::unique_ptr<FakeSource> source;
  std::vector<std::string> events;
  std::unique_ptr<controller::GPUPoolReconciler> rec;

  Fixture() {
    add_cluster("aks-a");
    add_cluster("aks-b");
    restart();
  }
  // A new reconciler and new gates over the same clouds: an operator restart.
  void restart() {
    source = std::make_unique<FakeSource>(clock);
    source->providers = {{"aks-a", a}, {"aks-b", b}};
    rec = std::make_unique<controller::GPUPoolReconciler>(
        pools, clusters, client, *source,
        [this](const api::ObjectReference&, const std::string& t, const std::string& r, const std::string& m) {
          events.push_back(t + " " + r + " " + m);
        },
        clock);
  }
  void add_cluster(const std::string& name) {
    api::CloudCluster c;
    c.metadata.ns = "ns";
    c.metadata.name = name;
    c.spec.provider = api::Provider::AKS;
    c.status.conditions.push_back(api::Condition{"Ready", "True", 1, "2024-01-01T00:00:00Z", "Verified", ""});
    clusters.upsert(std::make_shared<const api::CloudCluster>(c));
  }
  void put(json spec) {
    json obj{{"apiVersion", api::kApiVersion}, {"kind", "GPUPool"},
             {"metadata", {{"name", "p"}, {"namespace", "ns"}}}, {"spec", spec}};
    if (auto cur = client.peek(api::gpupools(), "ns", "p")) {
      obj["metadata"] = (*cur)["metadata"];
      REQUIRE(client.update(api::gpupools(), "ns", obj).has_value());
    } else {
      client.seed(api::gpupools(), obj);
    }
    sync();
  }
  void sync() {
    auto cur = client.peek(api::gpupools(), "ns", "p");
    if (!cur) pools.remove("ns/p");
    else pools.upsert(std::make_shared<const api::GPUPool>(api::GPUPool::from_json(*cur)));
  }
  controller::Outcome reconcile() {
    auto r = rec->reconcile({"ns", "p"});
    REQUIRE(r.has_value());
    sync();
    return *r;
  }
  std::shared_ptr<const api::GPUPool> pool() const { return pools.get("ns/p"); }
  std::string uid() const { return pool()->metadata.uid; }
  const api::TargetStatus& status_of(const std::string& t) const {
    for (const auto& s : pool()->status.targets)
      if (s.name == t) return s;
    FAIL("no status for target " << t);
    throw std::logic_error("unreachable");
  }
  std::string condition(const std::string& type) const {
    const api::Condition* c = api::find_condition(pool()->status.conditions, type);
    return c ? c->status + "/" + c->reason : "absent";
  }
  bool has_event(const std::string& prefix) const {
    for (const auto& e : events)
      if (e.rfind(prefix, 0) == 0) return true;
    return false;
  }
  void remove_pool_object() {
    REQUIRE(client.remove(api::gpupools(), "ns", "p").has_value());
    sync();
  }
};

Error stockout() { return cloud::resource_exhausted(ExhaustedKind::Stockout, "ZONE_RESOURCE_POOL_EXHAUSTED"); }

}  // namespace

TEST_CASE("GPUPool creates one owned pool per target and becomes Ready") {
  Fixture f;
  f.put(two_targets(16));
  auto out = f.reconcile();
  CHECK(f.pool()->metadata.has_finalizer("gpupool.io/cleanup"));
  CHECK(f.a->count("create") == 1);
  CHECK(f.b->count("create") == 1);
  REQUIRE(f.a->pools().size() == 1);
  auto owner = f.a->pools()[0].owner;
  REQUIRE(owner);
  CHECK(owner->uid == f.uid());
  CHECK(owner->target == "a");
  CHECK(f.pool()->status.desired_gpus == 16);
  CHECK(f.status_of("a").state == "Provisioning");
  CHECK(!f.status_of("a").provisioning_since.empty());
  REQUIRE(out.requeue_after);
  CHECK(*out.requeue_after <= std::chrono::seconds(33));

  f.reconcile();  // polls finish the creates; the next list sees Ready nodes
  f.reconcile();
  CHECK(f.pool()->status.ready_gpus == 16);
  CHECK(f.condition("Ready").rfind("True/", 0) == 0);
  CHECK(f.status_of("b").state == "Ready");
  CHECK(f.status_of("b").provisioning_since.empty());
  CHECK(f.a->count("create") == 1);
  CHECK(f.b->count("create") == 1);
  out = f.reconcile();
  CHECK(*out.requeue_after >= std::chrono::minutes(4));
  auto patches = f.client.count_calls("patch");
  f.reconcile();
  CHECK(f.client.count_calls("patch") == patches);  // steady: no status write
}

TEST_CASE("GPUPool fails over to the next target on a stockout") {
  Fixture f;
  f.a->fail_next("create", stockout());
  f.put(two_targets(8, std::nullopt));
  f.reconcile();
  CHECK(f.a->count("create") == 1);
  CHECK(f.b->count("create") == 0);  // the whole pool fits on a
  CHECK(f.a->pools().empty());
  f.reconcile();  // the stockout reaches the decision: a backs off, b takes the share
  CHECK(f.status_of("a").state == "Backoff");
  REQUIRE(f.status_of("a").last_error);
  CHECK(!f.status_of("a").backoff_until.empty());
  CHECK(f.b->count("create") == 1);
  CHECK(f.a->count("create") == 1);
}

TEST_CASE("GPUPool fails over when the create operation ends in a stockout") {
  Fixture f;
  f.a->fail_op("create", stockout());
  f.put(two_targets(8, std::nullopt));
  f.reconcile();  // create started
  f.reconcile();  // poll: failed; pool gone
  f.reconcile();
  CHECK(f.status_of("a").state == "Backoff");
  CHECK(f.b->count("create") == 1);
}

TEST_CASE("GPUPool adds its finalizer before the first cloud call") {
  Fixture f;
  f.put(two_targets(16));
  f.client.fail_next("patch", Error(ErrorCode::Unavailable, "apiserver down"));
  CHECK(!f.rec->reconcile({"ns", "p"}).has_value());
  CHECK(f.source->lookups == 0);
  CHECK(f.a->calls().empty());
  f.sync();
  CHECK(!f.pool()->metadata.has_finalizer("gpupool.io/cleanup"));
  f.reconcile();
  CHECK(f.pool()->metadata.has_finalizer("gpupool.io/cleanup"));
  CHECK(f.a->count("create") == 1);
}

TEST_CASE("GPUPool deletion with deletionPolicy Delete removes every owned pool first") {
  Fixture f;
  f.put(two_targets(16));
  f.reconcile();
  f.reconcile();
  REQUIRE(f.a->pools().size() == 1);
  cloud::NodePool foreign;  // not ours: must survive
  foreign.id = foreign.name = "someone-else";
  f.a->add_pool(foreign);
  f.remove_pool_object();
  REQUIRE(f.pool());
  CHECK(f.pool()->metadata.deleting);
  auto out = f.reconcile();
  CHECK(f.a->count("remove") == 1);
  CHECK(f.b->count("remove") == 1);
  REQUIRE(out.requeue_after);
  CHECK(*out.requeue_after == std::chrono::seconds(5));
  CHECK(f.pool());  // finalizer kept while pools exist
  f.reconcile();    // polls finish the deletes
  f.reconcile();
  CHECK(!f.pool());
  CHECK(f.a->pools().size() == 1);  // only the foreign one
  CHECK(f.b->pools().empty());
}

TEST_CASE("GPUPool deletion with deletionPolicy Retain leaves pools") {
  Fixture f;
  json spec = two_targets(16);
  spec["deletionPolicy"] = "Retain";
  f.put(spec);
  f.reconcile();
  f.reconcile();
  f.remove_pool_object();
  f.reconcile();
  CHECK(!f.pool());
  CHECK(f.a->count("remove") == 0);
  CHECK(f.b->count("remove") == 0);
  CHECK(f.a->pools().size() == 1);
  CHECK(f.has_event("Normal Retaining Retaining 2 node pools"));
}

TEST_CASE("GPUPool in Plan mode writes the plan and makes no mutating call") {
  Fixture f;
  json spec = two_targets(16);
  spec["mode"] = "Plan";
  f.put(spec);
  f.reconcile();
  f.reconcile();
  CHECK(f.a->mutations() == 0);
  CHECK(f.b->mutations() == 0);
  REQUIRE(f.pool()->status.plan.size() == 2);
  CHECK(f.pool()->status.plan[0].action == "Create");
  CHECK(f.pool()->status.plan[0].to_nodes == 1);
}

TEST_CASE("GPUPool paused makes no cloud call") {
  Fixture f;
  json spec = two_targets(16);
  spec["paused"] = true;
  f.put(spec);
  f.reconcile();
  CHECK(f.source->lookups == 0);
  CHECK(f.a->calls().empty());
  CHECK(f.b->calls().empty());
  CHECK(f.condition("Progressing") == "False/Paused");
  CHECK(f.pool()->status.observed_generation == 1);
}

TEST_CASE("GPUPool never touches a same-named pool without our tags") {
  Fixture f;
  f.put(two_targets(16));
  cloud::NodePool squatter;
  squatter.id = squatter.name = cloud::pool_name("AKS", cloud::Owner{"ns", "p", f.uid(), "a"});
  squatter.desired_nodes = squatter.current_nodes = squatter.ready_nodes = 3;
  f.a->add_pool(squatter);
  f.reconcile();
  f.reconcile();
  CHECK(f.a->mutations() == 0);
  CHECK(f.status_of("a").state == "Error");
  REQUIRE(f.status_of("a").last_error);
  CHECK(f.status_of("a").last_error->reason == "NameConflict");
  CHECK(f.has_event("Warning NameConflict target a: node pool " + f.a->pools()[0].name + " exists without our owner tags"));
  CHECK(!f.has_event("Warning InvalidTarget target a"));
  CHECK(f.a->pools()[0].desired_nodes == 3);
  CHECK(f.b->count("create") == 1);
  auto patches = f.client.count_calls("patch");
  f.reconcile();
  CHECK(f.client.count_calls("patch") == patches);  // the conflict report settles
}

TEST_CASE("GPUPool adopts its pools after a restart and creates nothing new") {
  Fixture f;
  f.a->set_polls_to_finish(3);  // still creating when the operator restarts
  f.b->set_polls_to_finish(3);
  f.put(two_targets(16));
  f.reconcile();
  REQUIRE(f.a->count("create") == 1);
  f.restart();
  for (int i = 0; i < 4; ++i) f.reconcile();
  CHECK(f.a->count("create") == 1);
  CHECK(f.b->count("create") == 1);
  CHECK(f.a->pools().size() == 1);
  CHECK(f.b->pools().size() == 1);
  CHECK(f.a->mutations() == 1);
}

TEST_CASE("GPUPool never creates when list() failed") {
  Fixture f;
  f.a->fail_next("list", Error(ErrorCode::Unavailable, "connection reset"), 2);
  f.put(two_targets(16));
  f.reconcile();
  CHECK(f.a->count("create") == 0);
  f.reconcile();
  CHECK(f.a->count("create") == 0);
  f.reconcile();
  CHECK(f.a->count("create") == 1);
}

TEST_CASE("GPUPool deletes pools of targets removed from the spec") {
  Fixture f;
  f.put(two_targets(16));
  f.reconcile();
  f.reconcile();
  json spec = two_targets(8);
  spec["targets"] = json::array({target("a", 0, 1)});
  f.put(spec);
  f.reconcile();
  CHECK(f.b->count("remove") == 1);
  f.reconcile();
  f.reconcile();
  CHECK(f.b->pools().empty());
  CHECK(f.a->pools().size() == 1);
}

TEST_CASE("GPUPool reports decode errors once") {
  Fixture f;
  f.put({{"gpus", 8}, {"targets", {{{"name", "a"}, {"priority", 1}}, {{"name", "b"}, {"priority", "high"}}}}});
  f.reconcile();
  CHECK(f.pool()->status.observed_generation == 1);
  CHECK(f.condition("Degraded") == "True/InvalidSpec");
  CHECK(f.condition("Ready") == "False/InvalidSpec");
  REQUIRE(f.events.size() == 1);
  CHECK(f.events[0] == "Warning InvalidSpec invalid spec: spec.targets[1].priority: expected integer, got string");
  f.reconcile();
  CHECK(f.events.size() == 1);
  CHECK(f.source->lookups == 0);

  f.put(two_targets(16));  // fixed: the decision's conditions replace InvalidSpec
  f.reconcile();
  CHECK(f.condition("Degraded") != "True/InvalidSpec");
  CHECK(f.pool()->status.observed_generation == 2);
}

std::optional<std::string> holder_of(Fixture& f, const std::string& cluster) {
  return f.source->gates.gate("ns/" + cluster, 0)->mutation_holder();
}

TEST_CASE("GPUPool abandons an operation the cloud never finishes and fails over") {
  Fixture f;
  f.a->set_polls_to_finish(1'000'000);  // the create never completes
  json spec = two_targets(8, std::nullopt);
  spec["failover"] = {{"provisioningTimeout", "10m"}, {"initialBackoff", "5m"}};
  f.put(spec);
  f.reconcile();
  REQUIRE(f.a->count("create") == 1);
  REQUIRE(holder_of(f, "aks-a"));
  f.clock.advance(std::chrono::minutes(9));
  f.reconcile();
  CHECK(holder_of(f, "aks-a"));  // still within the timeout: keep waiting
  CHECK(!f.has_event("Warning OperationTimeout"));
  CHECK(f.b->count("create") == 0);

  f.clock.advance(std::chrono::minutes(2));
  f.reconcile();
  CHECK(f.has_event("Warning OperationTimeout target a: AKS create operation op-1 on node pool"));
  CHECK(f.has_event("Warning TargetBackoff target a: ProvisioningTimeout"));
  CHECK(f.status_of("a").state == "Backoff");
  CHECK(f.b->count("create") == 1);  // the share moved in the same reconcile
  auto h = holder_of(f, "aks-a");
  CHECK((!h || h->find("Create a") == std::string::npos));  // the abandoned create's claim is gone
}

TEST_CASE("GPUPool frees a cluster whose operation poll keeps answering Busy") {
  Fixture f;
  f.put(two_targets(16, std::nullopt));  // 2 nodes on a
  f.reconcile();
  f.reconcile();
  REQUIRE(f.a->pools().size() == 1);
  REQUIRE(f.a->pools()[0].ready_nodes == 2);
  f.a->fail_next("poll", cloud::busy("operation still running"), 1'000'000);
  f.put(two_targets(8, std::nullopt));
  f.reconcile();  // resize 2 -> 1 starts; its poll never says done
  REQUIRE(f.a->count("resize") == 1);
  auto other = holder_of(f, "aks-a");
  REQUIRE(other);
  auto gate = f.source->gates.gate("ns/aks-a", 0);
  CHECK(!gate->try_begin_mutation("gpupool ns/other Create x"));  // another GPUPool is blocked
  f.clock.advance(std::chrono::minutes(19));
  f.reconcile();
  CHECK(gate->mutation_holder() == other);

  f.clock.advance(std::chrono::minutes(2));  // past the default provisioningTimeout (20m)
  f.reconcile();
  CHECK(!gate->mutation_holder());
  CHECK(gate->try_begin_mutation("gpupool ns/other Create x"));
  gate->end_mutation("gpupool ns/other Create x");
  CHECK(f.has_event("Warning OperationTimeout target a: AKS resize operation"));
  // Timeout is transient (placement/failover.h): no backoff, no new call.
  CHECK(f.status_of("a").state == "Resizing");  // the cloud still reports 2 current nodes
  CHECK(f.status_of("a").backoff_until.empty());
  CHECK(!f.status_of("a").last_error);
  CHECK(f.a->count("resize") == 1);
}

TEST_CASE("GPUPool after a restart treats Busy from a still-running cloud operation as a wait") {
  Fixture f;
  f.put(two_targets(8, std::nullopt));
  f.reconcile();
  f.reconcile();
  f.a->set_polls_to_finish(1'000'000);
  f.put(two_targets(16, std::nullopt));
  f.reconcile();  // resize 1 -> 2 running in the cloud
  REQUIRE(f.a->count("resize") == 1);
  f.restart();    // the operator forgets the operation and the claim
  f.a->fail_next("resize", cloud::busy("another operation is in progress"));
  f.put(two_targets(24, std::nullopt));
  f.reconcile();  // resize 2 -> 3 collides with the running one
  CHECK(f.a->count("resize") == 2);
  f.reconcile();  // Busy reaches the decision: wait, not a failure
  CHECK(f.a->count("resize") == 2);
  CHECK(f.status_of("a").state != "Backoff");
  CHECK(f.status_of("a").state != "Error");
  CHECK(!f.status_of("a").last_error);
  CHECK(f.b->count("create") == 0);  // a keeps its share
  f.reconcile();  // the wait is over: retried
  CHECK(f.a->count("resize") == 3);
}

TEST_CASE("GPUPool after a restart fails over on the error a killed process never polled") {
  Fixture f;
  f.a->set_polls_to_finish(1'000'000);
  f.put(two_targets(16, std::nullopt));
  f.reconcile();  // create 2 nodes on a; provisioningSince is in status
  REQUIRE(f.a->pools().size() == 1);
  REQUIRE(!f.status_of("a").provisioning_since.empty());
  f.restart();  // the process that would have polled the failed create is gone
  cloud::NodePool failed = f.a->pools()[0];
  failed.error = stockout();
  f.a->add_pool(failed);
  f.reconcile();
  CHECK(f.status_of("a").state == "Backoff");
  CHECK(f.b->count("create") == 1);  // the share moved without waiting for the provisioning timeout
}

TEST_CASE("GPUPool Events name only calls the cloud accepted") {
  Fixture f;
  f.put(two_targets(16));  // one node on each of a and b
  auto gate = f.source->gates.gate("ns/aks-b", 0);
  REQUIRE(gate->try_begin_mutation("someone else"));  // b's cluster is busy
  f.reconcile();
  CHECK(f.has_event("Normal CreatingNodePool target a: creating node pool with 1 nodes (8 GPUs)"));
  CHECK(!f.has_event("Normal CreatingNodePool target b"));  // not made, so not announced
  gate->end_mutation("someone else");
  f.reconcile();
  CHECK(f.has_event("Normal CreatingNodePool target b"));
}

TEST_CASE("GPUPool polls a running operation every few seconds, not at the 30 s resync") {
  Fixture f;
  f.a->set_polls_to_finish(3);
  f.put(two_targets(8, std::nullopt));
  auto out = f.reconcile();  // create started, still running
  REQUIRE(out.requeue_after);
  CHECK(*out.requeue_after <= std::chrono::milliseconds(controller::kOperationPoll));
}

TEST_CASE("GPUPool metrics follow the decision and forget a deleted pool") {
  Fixture f;
  metrics::Metrics m;
  f.rec = std::make_unique<controller::GPUPoolReconciler>(
      f.pools, f.clusters, f.client, *f.source, nullptr, f.clock, &m.gpupools());
  f.a->fail_next("create", stockout());
  f.put(two_targets(8, std::nullopt));
  f.reconcile();
  f.reconcile();  // a backs off, b created
  f.reconcile();
  std::string text = m.scrape();
  CHECK(text.find(R"(gpupool_desired_gpus{name="p",namespace="ns"} 8)") != std::string::npos);
  CHECK(text.find(R"(gpupool_failovers_total{provider="AKS"} 1)") != std::string::npos);
  CHECK(text.find(R"(gpupool_nodepool_changes_total{action="Create",provider="AKS"} 1)") != std::string::npos);
  CHECK(text.find(R"(gpupool_targets{provider="AKS",state="Backoff"} 1)") != std::string::npos);
  f.remove_pool_object();  // deletion starts (finalizer): pools deleted, then the finalizer goes
  for (int i = 0; i < 5 && f.pool(); ++i) f.reconcile();
  REQUIRE(!f.pool());
  text = m.scrape();
  CHECK(text.find(R"(gpupool_desired_gpus{name="p")") == std::string::npos);
  CHECK(text.find(R"(gpupool_targets{provider="AKS",state="Backoff"} 0)") != std::string::npos);
}

TEST_CASE("GPUPool waiting for another GPUPool's claim is woken when it is released") {
  Fixture f;
  std::vector<std::string> woken;
  f.rec->set_wake([&](const std::string& key) { woken.push_back(key); });
  f.a->set_polls_to_finish(1);
  f.put(two_targets(16));
  auto gate = f.source->gates.gate("ns/aks-b", 0);
  REQUIRE(gate->try_begin_mutation("gpupool ns/other Create x"));
  auto out = f.reconcile();  // a created; b's cluster is claimed by another GPUPool
  CHECK(f.b->count("create") == 0);
  REQUIRE(out.requeue_after);
  CHECK(*out.requeue_after <= std::chrono::milliseconds(controller::kOperationPoll));  // a's op runs
  // The other GPUPool's operation ends: it hands back the waiters.
  CHECK(gate->end_mutation("gpupool ns/other Create x") == std::vector<std::string>{"ns/p"});
  // Our own released claim wakes whoever waited on it.
  auto gate_a = f.source->gates.gate("ns/aks-a", 0);
  REQUIRE(gate_a->mutation_holder());
  gate_a->wait_for_release("ns/q");
  f.reconcile();  // a's create finishes: claim released, ns/q woken; b created now
  CHECK(woken == std::vector<std::string>{"ns/q"});
  CHECK(f.b->count("create") == 1);
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
