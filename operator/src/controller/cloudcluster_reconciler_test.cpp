#include "controller/cloudcluster_reconciler.h"

#include <doctest/doctest.h>

#include "api/resources.h"
#include "cloud/factory/metrics_observer.h"
#include "testing/fake_client.h"
#include "testing/fake_clock.h"

using namespace gpupool;
using controller::CloudClusterReconciler;
using controller::ObjectKey;
using nlohmann::json;

namespace {

struct Recorded {
  std::string type, reason, message;
};

// Fake API + caches fed from it, as the informers would.
struct Fixture {
  testing::FakeClock clock;
  testing::FakeClient client{clock};
  kube::Cache<api::CloudCluster> clusters;
  kube::Cache<api::Secret> secrets;
  metrics::Metrics metrics;
  std::vector<Recorded> events;
  CloudClusterReconciler rec{clusters, secrets, client,
                             [this](const api::ObjectReference&, const std::string& t, const std::string& r,
                                    const std::string& m) { events.push_back({t, r, m}); },
                             clock, &metrics};

  Fixture() { clusters.add_index(controller::kSecretIndex, controller::secret_index_values); }

  void put_cluster(json spec) {
    json obj{{"apiVersion", api::kApiVersion}, {"kind", "CloudCluster"},
             {"metadata", {{"name", "gke"}, {"namespace", "ns"}}}, {"spec", spec}};
    auto existing = client.peek(api::cloudclusters(), "ns", "gke");
    if (existing) {
      obj["metadata"]["resourceVersion"] = (*existing)["metadata"]["resourceVersion"];
      REQUIRE(client.update(api::cloudclusters(), "ns", obj).has_value());
    } else {
      client.seed(api::cloudclusters(), obj);
    }
    sync();
  }
  void put_secret(json data) {
    json obj{{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "creds"}, {"namespace", "ns"}}},
             {"data", data}};
    secrets.upsert(std::make_shared<const api::Secret>(api::Secret::from_json(client.seed(api::secrets(), obj))));
  }
  void sync() {
    if (auto o = client.peek(api::cloudclusters(), "ns", "gke"))
      clusters.upsert(std::make_shared<const api::CloudCluster>(api::CloudCluster::from_json(*o)));
  }
  api::Condition ready() {
    auto reconciled = rec.reconcile({"ns", "gke"});
    REQUIRE(reconciled.has_value());
    sync();
    auto c = clusters.get("ns/gke");
    REQUIRE(c);
    CHECK(c->status.observed_generation == c->metadata.generation);
    const api::Condition* cond = api::find_condition(c->status.conditions, "Ready");
    REQUIRE(cond);
    return *cond;
  }
};

json gke_spec() {
  return {{"provider", "GKE"},
          {"credentialsSecretRef", {{"name", "creds"}}},
          {"gke", {{"project", "p"}, {"location", "us-central1"}, {"cluster", "c"}}}};
}

}  // namespace

TEST_CASE("CloudCluster: secret missing, incomplete, then valid") {
  Fixture f;
  f.put_cluster(gke_spec());
  auto c = f.ready();
  CHECK(c.status == "False");
  CHECK(c.reason == "SecretNotFound");
  CHECK(c.message == "Secret ns/creds not found");
  REQUIRE(f.events.size() == 1);
  CHECK(f.events[0].type == "Warning");

  f.put_secret({{"other", "c2VjcmV0LXZhbHVl"}});
  c = f.ready();
  CHECK(c.reason == "SecretMissingKeys");
  CHECK(c.message == "Secret ns/creds is missing keys required for GKE: service-account.json");
  CHECK(c.message.find("c2VjcmV0") == std::string::npos);
  const std::string first_transition = c.last_transition_time;

  f.put_secret({{"service-account.json", "e30="}});
  f.clock.advance(std::chrono::seconds(5));
  c = f.ready();
  CHECK(c.status == "True");
  CHECK(c.reason == "SecretValid");
  CHECK(c.last_transition_time != first_transition);
  CHECK(f.events.size() == 3);
  CHECK(f.events.back().type == "Normal");
  CHECK(f.metrics.scrape().find("gpupool_cloudcluster_ready{name=\"gke\",namespace=\"ns\",provider=\"GKE\"} 1") !=
        std::string::npos);

  // Steady state: no write, no event.
  auto patches = f.client.count_calls("patch");
  c = f.ready();
  CHECK(f.client.count_calls("patch") == patches);
  CHECK(f.events.size() == 3);
}

TEST_CASE("CloudCluster: invalid specs") {
  Fixture f;
  f.put_secret({{"service-account.json", "e30="}});
  json spec = gke_spec();
  spec.erase("gke");
  spec["aks"] = {{"subscriptionId", "s"}, {"resourceGroup", "r"}, {"cluster", "c"}};
  f.put_cluster(spec);
  auto c = f.ready();
  CHECK(c.reason == "InvalidSpec");
  CHECK(c.message == "spec.aks: does not match provider GKE (expected spec.gke)");

  spec = gke_spec();
  spec["maxRequestsPerSecond"] = "lots";
  f.put_cluster(spec);
  c = f.ready();
  CHECK(c.reason == "InvalidSpec");
  CHECK(c.message == "spec.maxRequestsPerSecond: expected number, got string");
  CHECK(f.events.size() == 2);  // same reason, new message: the user needs to see it

  f.put_cluster(gke_spec());
  CHECK(f.ready().status == "True");
}

TEST_CASE("CloudCluster: provider-specific keys") {
  Fixture f;
  f.put_secret({{"tenantId", "dA=="}, {"clientId", "Yw=="}});
  f.put_cluster({{"provider", "AKS"},
                 {"credentialsSecretRef", {{"name", "creds"}}},
                 {"aks", {{"subscriptionId", "s"}, {"resourceGroup", "r"}, {"cluster", "c"}, {"location", "l"}}}});
  CHECK(f.ready().message == "Secret ns/creds is missing keys required for AKS: clientSecret");
}

TEST_CASE("CloudCluster: status write errors are returned; deleted clusters are forgotten") {
  Fixture f;
  f.put_cluster(gke_spec());
  f.client.fail_next("patch", Error(ErrorCode::Unavailable, "boom"));
  auto r = f.rec.reconcile({"ns", "gke"});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::Unavailable);
  CHECK(f.events.empty());  // no event for a transition that was not written

  f.clusters.remove("ns/gke");
  CHECK(f.rec.reconcile({"ns", "gke"}).has_value());
}

TEST_CASE("CloudCluster: secret index finds referencing clusters") {
  Fixture f;
  f.put_cluster(gke_spec());
  auto keys = controller::clusters_for_secret(f.clusters, "ns/creds");
  REQUIRE(keys.size() == 1);
  CHECK(keys[0] == ObjectKey{"ns", "gke"});
  CHECK(controller::clusters_for_secret(f.clusters, "other/creds").empty());
}

// ---- credential verification (ProviderRegistry + a fake cloud, no network) ----
namespace {

struct FakeCloud {
  std::optional<Error> next_error;  // sticky until cleared: every list() fails with it
  int pools = 2;                    // untagged pools listed
  std::vector<cloud::NodePool> tagged;  // listed after them
  std::function<void()> on_list;        // runs inside list(), between the reconciler's reads
  int lists = 0;
  int mutations = 0;
};

class FakeProvider final : public cloud::NodePoolProvider {
 public:
  explicit FakeProvider(FakeCloud& cloud) : cloud_(cloud) {}
  std::string_view provider() const override { return "GKE"; }
  Result<std::vector<cloud::NodePool>> list() override {
    ++cloud_.lists;
    if (cloud_.next_error) return *cloud_.next_error;
    if (cloud_.on_list) cloud_.on_list();
    auto out = std::vector<cloud::NodePool>(static_cast<std::size_t>(cloud_.pools));
    out.insert(out.end(), cloud_.tagged.begin(), cloud_.tagged.end());
    return out;
  }
  Result<cloud::NodePool> get(const std::string&) override { return unused(); }
  Result<cloud::Operation> create(const cloud::NodePoolSpec&) override { return mutation(); }
  Result<cloud::Operation> resize(const cloud::NodePool&, int) override { return mutation(); }
  Result<cloud::Operation> set_autoscaling(const cloud::NodePool&, bool, int, int) override { return mutation(); }
  Result<cloud::Operation> remove(const cloud::NodePool&) override { return mutation(); }
  Result<cloud::OperationStatus> poll(const cloud::Operation&) override { return unused(); }

 private:
  static Error unused() { return Error(ErrorCode::Internal, "not used by the CloudCluster reconciler"); }
  Error mutation() {
    ++cloud_.mutations;
    return unused();
  }
  FakeCloud& cloud_;
};

constexpr const char* kKeyB64 = "eyJwcml2YXRlX2tleSI6IlRPUFNFQ1JFVC1rZXktbWF0ZXJpYWwifQ==";  // {"private_key":"TOPSECRET-key-material"}

struct VerifyFixture {
  testing::FakeClock clock;
  testing::FakeClient client{clock};
  kube::Cache<api::CloudCluster> clusters;
  kube::Cache<api::Secret> secrets;
  metrics::Metrics metrics;
  cloud::MetricsObserver observer{metrics};
  FakeCloud cloud;
  cloud::ProviderRegistry registry{client, clock, observer, &secrets,
                                   [this](const api::CloudCluster&, const cloud::SecretData&, std::shared_ptr<cloud::ClusterGate>) {
                                     return Result<std::unique_ptr<cloud::NodePoolProvider>>(
                                         std::make_unique<FakeProvider>(cloud));
                                   }};
  std::vector<Recorded> events;
  kube::Cache<api::GPUPool> gpupools;
  bool gpupools_synced = true;
  CloudClusterReconciler rec{clusters, secrets, client,
                             [this](const api::ObjectReference&, const std::string& t, const std::string& r,
                                    const std::string& m) { events.push_back({t, r, m}); },
                             clock, &metrics, &registry, &gpupools, [this] { return gpupools_synced; }};

  VerifyFixture() {
    client.seed(api::cloudclusters(), {{"apiVersion", api::kApiVersion}, {"kind", "CloudCluster"},
                                       {"metadata", {{"name", "gke"}, {"namespace", "ns"}}}, {"spec", gke_spec()}});
    sync();
    put_secret(kKeyB64);
  }
  void put_secret(const std::string& b64) {
    json obj{{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "creds"}, {"namespace", "ns"}}},
             {"data", {{"service-account.json", b64}}}};
    auto existing = client.peek(api::secrets(), "ns", "creds");
    json stored = existing ? *client.update(api::secrets(), "ns", obj) : client.seed(api::secrets(), obj);
    secrets.upsert(std::make_shared<const api::Secret>(api::Secret::from_json(stored)));
  }
  void sync() {
    if (auto o = client.peek(api::cloudclusters(), "ns", "gke"))
      clusters.upsert(std::make_shared<const api::CloudCluster>(api::CloudCluster::from_json(*o)));
  }
  // Reconciles; returns Ready and the requeue delay.
  std::pair<api::Condition, std::chrono::milliseconds> ready() {
    auto r = rec.reconcile({"ns", "gke"});
    REQUIRE(r.has_value());
    sync();
    auto c = clusters.get("ns/gke");
    const api::Condition* cond = api::find_condition(c->status.conditions, "Ready");
    REQUIRE(cond);
    return {*cond, r->requeue_after.value_or(std::chrono::milliseconds(-1))};
  }
};

}  // namespace

TEST_CASE("CloudCluster verification: Verified, then rechecked every 5 minutes") {
  VerifyFixture f;
  auto [c, after] = f.ready();
  CHECK(c.status == "True");
  CHECK(c.reason == "Verified");
  // No pool count: it would rewrite status (and wake every GPUPool) whenever a pool comes or goes.
  CHECK(c.message == "GKE accepted the credentials and listed node pools");
  CHECK(after == controller::kVerifiedRecheck);
  CHECK(f.cloud.lists == 1);
  CHECK(f.metrics.scrape().find(
            "gpupool_cloud_requests_total{operation=\"list\",outcome=\"ok\",provider=\"GKE\"} 1") != std::string::npos);
  f.ready();
  CHECK(f.registry.builds() == 1);  // unchanged Secret and generation: the client is reused
}

TEST_CASE("CloudCluster verification: rejected credentials, backoff, recovery on Secret change") {
  VerifyFixture f;
  f.cloud.next_error = Error(ErrorCode::Unauthenticated,
                             "invalid_grant for key TOPSECRET-key-material (Bearer abcdefghijklmnopqrstuvwxyz012345)");
  auto [c, after] = f.ready();
  CHECK(c.status == "False");
  CHECK(c.reason == "AuthenticationFailed");
  CHECK(c.message.find("GKE credentials check failed (Unauthenticated)") == 0);
  CHECK(c.message.find("TOPSECRET") == std::string::npos);
  CHECK(c.message.find("abcdefghijklmnop") == std::string::npos);
  CHECK(after == std::chrono::seconds(30));
  CHECK(f.ready().second == std::chrono::seconds(60));
  CHECK(f.ready().second == std::chrono::seconds(120));
  REQUIRE_FALSE(f.events.empty());
  CHECK(f.events.back().reason == "AuthenticationFailed");
  for (const auto& e : f.events) CHECK(e.message.find("TOPSECRET") == std::string::npos);

  f.cloud.next_error.reset();
  f.put_secret("eyJwcml2YXRlX2tleSI6Im5ldyJ9");  // {"private_key":"new"}
  auto [c2, after2] = f.ready();
  CHECK(c2.reason == "Verified");
  CHECK(after2 == controller::kVerifiedRecheck);
  CHECK(f.registry.builds() == 2);
  f.cloud.next_error = Error(ErrorCode::Unavailable, "connect: connection refused");
  CHECK(f.ready().second == std::chrono::seconds(30));  // the backoff restarted after success
}

TEST_CASE("CloudCluster verification: reasons by error class") {
  VerifyFixture f;
  const std::pair<ErrorCode, const char*> cases[] = {{ErrorCode::PermissionDenied, "PermissionDenied"},
                                                     {ErrorCode::Unavailable, "EndpointUnreachable"},
                                                     {ErrorCode::Timeout, "EndpointUnreachable"},
                                                     {ErrorCode::NotFound, "CloudError"},
                                                     {ErrorCode::Internal, "CloudError"}};
  for (const auto& [code, reason] : cases) {
    f.cloud.next_error = Error(code, "x");
    CHECK(f.ready().first.reason == reason);
  }
  Error bad(ErrorCode::InvalidArgument, "service account key is not JSON");
  bad.reason = "InvalidCredentials";
  CHECK(controller::verification_reason(bad) == "InvalidCredentials");
}

TEST_CASE("CloudCluster verification: deleted cluster drops its client") {
  VerifyFixture f;
  f.ready();
  f.clusters.remove("ns/gke");
  CHECK(f.rec.reconcile({"ns", "gke"}).has_value());
  f.sync();
  f.ready();
  CHECK(f.registry.builds() == 2);
}

TEST_CASE("sanitize_message drops token- and key-shaped text") {
  using controller::sanitize_message;
  CHECK(sanitize_message("401: Bearer abcdefghijklmnopqrstuvwxyz") == "401: Bearer [redacted]");
  CHECK(sanitize_message("bad token CW-SECRET-abc123") == "bad token [redacted]");
  CHECK(sanitize_message("key -----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY----- x") ==
        "key [redacted key] x");
  CHECK(sanitize_message("jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln end") == "jwt [redacted] end");
  CHECK(sanitize_message("connect: connection refused") == "connect: connection refused");
  CHECK(sanitize_message(std::string(1000, 'a')).size() == 403);
}

// ---- orphaned pools: tagged for a GPUPool uid that no longer exists ----
namespace {

cloud::NodePool tagged_pool(const std::string& name, const std::string& ns, const std::string& owner,
                            const std::string& uid) {
  cloud::NodePool p;
  p.id = name;
  p.name = name;
  p.desired_nodes = 2;
  p.owner = cloud::Owner{ns, owner, uid, "coreweave"};
  return p;
}

void put_gpupool(kube::Cache<api::GPUPool>& cache, const std::string& name, const std::string& uid) {
  json obj{{"apiVersion", api::kApiVersion},
           {"kind", "GPUPool"},
           {"metadata", {{"name", name}, {"namespace", "ns"}, {"uid", uid}}},
           {"spec", {{"gpus", 16}}}};
  cache.upsert(std::make_shared<const api::GPUPool>(api::GPUPool::from_json(obj)));
}

std::vector<Recorded> orphan_events(const std::vector<Recorded>& all) {
  std::vector<Recorded> out;
  for (const auto& e : all)
    if (e.reason == controller::kOrphanedNodePool) out.push_back(e);
  return out;
}

}  // namespace

TEST_CASE("CloudCluster orphans: a pool of a deleted GPUPool is reported once, never deleted") {
  VerifyFixture f;
  put_gpupool(f.gpupools, "live", "uid-live");
  f.cloud.tagged = {tagged_pool("gp-live-coreweave-1", "ns", "live", "uid-live"),
                    tagged_pool("gp-gone-coreweave-2", "ns", "gone", "uid-gone"),
                    tagged_pool("gp-other-ns-3", "elsewhere", "x", "uid-other-ns")};
  auto [c, after] = f.ready();
  CHECK(c.reason == "Verified");
  CHECK(after == controller::kVerifiedRecheck);  // the report does not change the recheck cadence
  auto orphans = orphan_events(f.events);
  REQUIRE(orphans.size() == 1);
  CHECK(orphans[0].type == "Warning");
  CHECK(orphans[0].message ==
        "node pool gp-gone-coreweave-2 is tagged for GPUPool ns/gone uid uid-gone, which no longer exists; "
        "it is not deleted (delete it in the cloud if unneeded)");

  f.ready();
  f.clock.advance(std::chrono::minutes(30));
  f.ready();
  CHECK(orphan_events(f.events).size() == 1);  // not every resync
  f.clock.advance(controller::kOrphanReminder);
  f.ready();
  CHECK(orphan_events(f.events).size() == 2);  // reminded once Events may have expired
  CHECK(f.cloud.mutations == 0);

  // Gone from the cloud: forgotten; a new orphan with the same name is news.
  f.cloud.tagged.pop_back();
  f.cloud.tagged.pop_back();
  f.ready();
  f.cloud.tagged.push_back(tagged_pool("gp-gone-coreweave-2", "ns", "gone", "uid-gone"));
  f.ready();
  CHECK(orphan_events(f.events).size() == 3);
  CHECK(f.cloud.mutations == 0);
}

TEST_CASE("CloudCluster orphans: nothing is judged before the GPUPool cache has synced") {
  VerifyFixture f;
  f.gpupools_synced = false;
  f.cloud.tagged = {tagged_pool("gp-a", "ns", "a", "uid-a")};
  f.ready();
  CHECK(orphan_events(f.events).empty());
  put_gpupool(f.gpupools, "a", "uid-a");
  f.gpupools_synced = true;
  f.ready();
  CHECK(orphan_events(f.events).empty());  // it was only missing from the cache
}

TEST_CASE("CloudCluster orphans: a GPUPool deleted with its pools during the list is not reported") {
  VerifyFixture f;
  put_gpupool(f.gpupools, "a", "uid-a");
  f.cloud.tagged = {tagged_pool("gp-a", "ns", "a", "uid-a")};
  // Deletion finishes (finalizer removed) after the cloud answered with the pool.
  f.cloud.on_list = [&] { f.gpupools.remove("ns/a"); };
  f.ready();
  CHECK(orphan_events(f.events).empty());
  f.cloud.on_list = nullptr;
  f.ready();  // still listed after the GPUPool is gone: now it is an orphan
  CHECK(orphan_events(f.events).size() == 1);
}

TEST_CASE("CloudCluster orphans: no report when the credentials check fails") {
  VerifyFixture f;
  f.cloud.tagged = {tagged_pool("gp-a", "ns", "a", "uid-a")};
  f.cloud.next_error = Error(ErrorCode::Unavailable, "down");
  f.ready();
  CHECK(orphan_events(f.events).empty());
}
