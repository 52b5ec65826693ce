#include "cloud/factory/provider_builder.h"

#include <doctest/doctest.h>

#include "testing/fake_clock.h"

using namespace gpupool;

namespace {

api::CloudCluster cluster(const nlohmann::json& spec) {
  return api::CloudCluster::from_json({{"apiVersion", "gpupool.io/v1alpha1"},
                                       {"kind", "CloudCluster"},
                                       {"metadata", {{"name", "c"}, {"namespace", "ns"}, {"generation", 1}}},
                                       {"spec", spec}});
}

nlohmann::json gke_spec() {
  return {{"provider", "GKE"},
          {"endpoint", "https://127.0.0.1:9443"},
          {"credentialsSecretRef", {{"name", "creds"}}},
          {"gke", {{"project", "p"}, {"location", "us-central1"}, {"cluster", "c"}}}};
}

}  // namespace

TEST_CASE("gke_config: endpoint overrides both APIs; key comes from the Secret") {
  auto g = cloud::gke_config(cluster(gke_spec()), {{"service-account.json", "{}"}});
  REQUIRE(g.has_value());
  CHECK(g->api_base == "https://127.0.0.1:9443");
  CHECK(g->compute_base == "https://127.0.0.1:9443");
  CHECK(g->project == "p");
  CHECK(g->service_account_json == "{}");

  auto missing = cloud::gke_config(cluster(gke_spec()), {});
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().reason == "InvalidCredentials");
  CHECK(missing.error().message == "Secret ns/creds has no value for key service-account.json");
}

TEST_CASE("caBundle: base64 PEM, raw PEM, or rejected as InvalidSpec") {
  auto spec = gke_spec();
  spec["caBundle"] = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==";  // "-----BEGIN CERTIFICATE-----\n"
  CHECK(*cloud::ca_pem_of(cluster(spec).spec) == "-----BEGIN CERTIFICATE-----\n");
  spec["caBundle"] = "-----BEGIN CERTIFICATE-----\nx";
  CHECK(*cloud::ca_pem_of(cluster(spec).spec) == "-----BEGIN CERTIFICATE-----\nx");
  spec["caBundle"] = "bm90IGEgcGVt";  // "not a pem"
  auto bad = cloud::ca_pem_of(cluster(spec).spec);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().reason == "InvalidSpec");
}

TEST_CASE("configs for AKS, OKE and CoreWeave") {
  auto aks = cloud::aks_config(
      cluster({{"provider", "AKS"},
               {"endpoint", "https://arm.test"},
               {"credentialsSecretRef", {{"name", "creds"}}},
               {"aks", {{"subscriptionId", "s"}, {"resourceGroup", "r"}, {"cluster", "k"}, {"location", "l"}}}}),
      {{"tenantId", "t"}, {"clientId", "c"}, {"clientSecret", "x"}, {"authorityHost", "https://login.test"}});
  REQUIRE(aks.has_value());
  CHECK(aks->arm_base == "https://arm.test");
  CHECK(aks->subscription_id == "s");

  auto oke = cloud::oke_config(
      cluster({{"provider", "OKE"},
               {"credentialsSecretRef", {{"name", "creds"}}},
               {"oke", {{"region", "us-ashburn-1"}, {"compartmentId", "cmp"}, {"clusterId", "cl"}}}}),
      {{"tenancy", "t"}, {"user", "u"}, {"fingerprint", "f"}, {"privateKey", "k"}});
  REQUIRE(oke.has_value());
  CHECK(oke->endpoint.empty());
  CHECK(oke->cluster_id == "cl");
  CHECK(oke->private_key_pem == "k");

  auto cw = cloud::coreweave_config(cluster({{"provider", "CoreWeave"},
                                             {"credentialsSecretRef", {{"name", "creds"}}},
                                             {"coreweave", {{"apiServer", "https://cks.test"}}}}),
                                    {{"token", "CW-SECRET-x"}});
  REQUIRE(cw.has_value());
  CHECK(cw->api_server == "https://cks.test");
  CHECK(cw->token == "CW-SECRET-x");
}

TEST_CASE("build_provider: an unusable key is InvalidCredentials") {
  testing::FakeClock clock;
  auto p = cloud::build_provider(cluster(gke_spec()), {{"service-account.json", "not json TOPSECRET"}}, clock);
  REQUIRE_FALSE(p.has_value());
  CHECK(p.error().code == ErrorCode::InvalidArgument);
  CHECK(p.error().reason == "InvalidCredentials");
}
