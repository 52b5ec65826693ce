#include "sim/app/cloud_manifests.h"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include "sim/server/tls.h"

using namespace gpupool::sim;
using namespace gpupool::sim::app;

TEST_CASE("one Secret and one CloudCluster per cloud, ready for kubectl apply") {
  CloudManifest gke;
  gke.provider = "GKE";
  gke.name = "gke-sim";
  gke.endpoint = "https://127.0.0.1:7002";
  gke.string_data["service-account.json"] = "{\n  \"type\": \"service_account\"\n}";
  gke.block_key = "gke";
  gke.block = {{"project", "gpupool-test"}, {"location", "us-central1"}, {"cluster", "gpu-cluster"}};
  CloudManifest oke = gke;
  oke.provider = "OKE";
  oke.name = "oke-sim";
  oke.block_key = "oke";
  oke.block = {{"subnetIds", {"ocid1.subnet.oc1..a"}}};

  const std::string ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  auto docs = YAML::LoadAll(render_cloud_manifests({gke, oke}, ca));
  REQUIRE(docs.size() == 4);
  CHECK(docs[0]["kind"].as<std::string>() == "Secret");
  CHECK(docs[0]["metadata"]["name"].as<std::string>() == "gke-sim");
  CHECK(docs[0]["metadata"]["namespace"].as<std::string>() == "default");
  CHECK(docs[0]["stringData"]["service-account.json"].as<std::string>() == "{\n  \"type\": \"service_account\"\n}");
  const auto& cc = docs[1];
  CHECK(cc["apiVersion"].as<std::string>() == "gpupool.io/v1alpha1");
  CHECK(cc["kind"].as<std::string>() == "CloudCluster");
  CHECK(cc["spec"]["provider"].as<std::string>() == "GKE");
  CHECK(cc["spec"]["endpoint"].as<std::string>() == "https://127.0.0.1:7002");
  CHECK(cc["spec"]["caBundle"].as<std::string>() == tls::base64_encode(ca));
  CHECK(cc["spec"]["credentialsSecretRef"]["name"].as<std::string>() == "gke-sim");
  CHECK(cc["spec"]["gke"]["cluster"].as<std::string>() == "gpu-cluster");
  CHECK(docs[3]["spec"]["oke"]["subnetIds"][0].as<std::string>() == "ocid1.subnet.oc1..a");

  // Without a CA (not used by gpupool-sim today) caBundle is left out.
  auto plain = YAML::LoadAll(render_cloud_manifests({gke}, ""));
  CHECK_FALSE(plain[1]["spec"]["caBundle"]);
}
