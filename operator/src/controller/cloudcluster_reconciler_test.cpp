#include "controller/cloudcluster_reconciler.h"

#include <doctest/doctest.h>

#include "api/resources.h"
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
