#include "api/cloudcluster.h"

#include <doctest/doctest.h>

using gpupool::api::CloudCluster;
using gpupool::api::Provider;
using nlohmann::json;

namespace {
json cc(json spec) {
  return json{{"metadata", {{"name", "c"}, {"namespace", "ns"}, {"generation", 2}}}, {"spec", spec}};
}
}  // namespace

TEST_CASE("CloudCluster decodes each provider") {
  auto c = CloudCluster::from_json(cc({{"provider", "AKS"}, {"credentialsSecretRef", {{"name", "s"}}},
                                       {"aks", {{"subscriptionId", "sub"}, {"resourceGroup", "rg"}, {"cluster", "k"}, {"location", "westus"}}}}));
  REQUIRE_FALSE(c.decode_error);
  CHECK(c.spec.provider == Provider::AKS);
  CHECK(c.spec.credentials_secret == "s");
  CHECK(c.spec.max_requests_per_second == 5);
  CHECK(c.spec.aks->resource_group == "rg");
  CHECK_FALSE(validate_spec(c.spec));

  auto o = CloudCluster::from_json(cc({{"provider", "OKE"}, {"credentialsSecretRef", {{"name", "s"}}},
                                       {"oke", {{"region", "r"}, {"compartmentId", "c"}, {"clusterId", "k"}, {"subnetIds", {"a", "b"}}, {"imageId", "i"}}}}));
  REQUIRE_FALSE(o.decode_error);
  CHECK(o.spec.oke->subnet_ids.size() == 2);
  CHECK_FALSE(validate_spec(o.spec));
}

TEST_CASE("CloudCluster validation names the problem") {
  auto v = [](json spec) { return validate_spec(CloudCluster::from_json(cc(spec)).spec).value_or("ok"); };
  json ref{{"name", "s"}};
  CHECK(v({{"credentialsSecretRef", ref}}) == "spec.provider: required (one of GKE, AKS, OKE, CoreWeave)");
  CHECK(v({{"provider", "GKE"}, {"credentialsSecretRef", ref}}) == "spec.gke: required for provider GKE");
  CHECK(v({{"provider", "GKE"}, {"credentialsSecretRef", ref}, {"aks", json::object()}}) ==
        "spec.aks: does not match provider GKE (expected spec.gke)");
  CHECK(v({{"provider", "GKE"}, {"credentialsSecretRef", ref}, {"gke", json::object()}, {"aks", json::object()}}) ==
        "spec: exactly one provider block allowed, found gke, aks");
  CHECK(v({{"provider", "GKE"}, {"credentialsSecretRef", ref}, {"gke", {{"project", "p"}, {"location", "l"}}}}) ==
        "spec.gke.cluster: required");
  CHECK(v({{"provider", "CoreWeave"}, {"coreweave", {{"apiServer", "https://x"}}}}) ==
        "spec.credentialsSecretRef.name: required");
  CHECK(v({{"provider", "CoreWeave"}, {"credentialsSecretRef", ref}, {"coreweave", {{"apiServer", "https://x"}}}}) == "ok");
}

TEST_CASE("CloudCluster malformed") {
  auto c = CloudCluster::from_json(cc({{"provider", "EKS"}}));
  CHECK(c.decode_error == "spec.provider: unsupported value \"EKS\": supported values: GKE, AKS, OKE, CoreWeave");
  CHECK(c.metadata.key() == "ns/c");
  c = CloudCluster::from_json(cc({{"provider", "GKE"}, {"maxRequestsPerSecond", "fast"}}));
  CHECK(c.decode_error == "spec.maxRequestsPerSecond: expected number, got string");
  c = CloudCluster::from_json(cc({{"provider", "OKE"}, {"oke", {{"subnetIds", {"a", 1}}}}}));
  CHECK(c.decode_error == "spec.oke.subnetIds[1]: expected string, got integer");
  c = CloudCluster::from_json(json{{"metadata", {{"name", "c"}}}});
  CHECK(c.decode_error == "spec: required");
}

TEST_CASE("required secret keys per provider") {
  CHECK(required_secret_keys(Provider::GKE) == std::vector<std::string>{"service-account.json"});
  CHECK(required_secret_keys(Provider::AKS).size() == 3);
  CHECK(required_secret_keys(Provider::OKE).size() == 4);
  CHECK(required_secret_keys(Provider::CoreWeave) == std::vector<std::string>{"token"});
}
