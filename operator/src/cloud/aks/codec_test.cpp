#include "cloud/aks/codec.h"

#include <doctest/doctest.h>

#include "cloud/errors.h"
#include "cloud/ownership.h"

using namespace gpupool;
using namespace gpupool::cloud;
using nlohmann::json;

namespace {
NodePoolSpec spec() {
  NodePoolSpec s;
  s.owner = {"team-a", "train", "6c1f0a52-9d7e-4b8e-8f43-0d2b1c9e7a11", "east"};
  s.name = pool_name("AKS", s.owner);
  s.machine_type = "Standard_ND96isr_H100_v5";
  s.gpus_per_node = 8;
  s.node_count = 2;
  s.zones = {"1"};
  s.labels = {{"gpupool.io/pool", "train"}};
  s.taints = {{"nvidia.com/gpu", "present", "NoSchedule"}};
  return s;
}
}  // namespace

TEST_CASE("aks PUT body: the full agent pool object, wrapped in properties") {
  auto b = aks::put_body(spec());
  REQUIRE(b);
  const json& p = (*b)["properties"];
  CHECK(b->size() == 1);
  CHECK(p["count"] == 2);
  CHECK(p["vmSize"] == "Standard_ND96isr_H100_v5");
  CHECK(p["mode"] == "User");
  CHECK(p["osType"] == "Linux");
  CHECK(p["type"] == "VirtualMachineScaleSets");
  CHECK(p["availabilityZones"] == json::array({"1"}));
  CHECK(p["enableAutoScaling"] == false);
  CHECK_FALSE(p.contains("minCount"));
  CHECK(p["scaleSetPriority"] == "Regular");
  CHECK_FALSE(p.contains("spotMaxPrice"));
  CHECK(p["nodeLabels"] == json{{"gpupool.io/pool", "train"}});
  CHECK(p["nodeTaints"] == json::array({"nvidia.com/gpu=present:NoSchedule"}));
  CHECK(p["tags"]["gpupool-owner-namespace"] == "team-a");
  CHECK(p["tags"]["gpupool-target"] == "east");
  for (const auto& [k, v] : p["tags"].items()) CHECK(k.find('/') == std::string::npos);
}

TEST_CASE("aks PUT body: spot, reservation, autoscaling") {
  auto s = spec();
  s.capacity_type = CapacityType::Spot;
  s.autoscaling = true;
  s.min_nodes = 1;
  s.max_nodes = 4;
  auto b = aks::put_body(s);
  REQUIRE(b);
  const json& p = (*b)["properties"];
  CHECK(p["scaleSetPriority"] == "Spot");
  CHECK(p["scaleSetEvictionPolicy"] == "Delete");
  CHECK(p["spotMaxPrice"] == -1);
  CHECK(p["enableAutoScaling"] == true);
  CHECK(p["minCount"] == 1);
  CHECK(p["maxCount"] == 4);

  s = spec();
  s.capacity_type = CapacityType::Reserved;
  s.reservation = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/capacityReservationGroups/crg";
  b = aks::put_body(s);
  REQUIRE(b);
  CHECK((*b)["properties"]["capacityReservationGroupID"] == s.reservation);
}

TEST_CASE("aks PUT body: rejects what AKS would") {
  auto s = spec();
  s.name = "Gp-bad";
  CHECK(aks::put_body(s).error().code == ErrorCode::InvalidArgument);
  s = spec();
  s.gpus_per_node = 4;  // ND96 has 8
  CHECK_FALSE(aks::put_body(s));
  s = spec();
  s.taints = {{"k", "v", "Sometimes"}};
  CHECK_FALSE(aks::put_body(s));
  s = spec();
  s.capacity_type = CapacityType::Reserved;
  CHECK_FALSE(aks::put_body(s));
  CHECK(aks::gpus_per_node("Standard_NC40ads_H100_v5") == 1);
  CHECK(aks::gpus_per_node("Standard_ND96asr_v4") == 8);
}

TEST_CASE("aks pool parsing: ready = count only when Succeeded and Running") {
  json ap = json::parse(R"({"id":"/subscriptions/s/.../agentPools/gpuh100","name":"gpuh100",
    "type":"Microsoft.ContainerService/managedClusters/agentPools","properties":{"count":2,
    "vmSize":"Standard_ND96isr_H100_v5","availabilityZones":["1"],"enableAutoScaling":false,
    "tags":{"gpupool-owner-namespace":"team-a","gpupool-owner-name":"train","gpupool-owner-uid":"u","gpupool-target":"east"},
    "provisioningState":"Scaling","powerState":{"code":"Running"},"eTag":"e1401a23"}})");
  auto n = aks::parse_pool(ap);
  CHECK(n.id == "gpuh100");
  CHECK(n.desired_nodes == 2);
  CHECK(n.ready_nodes == 0);
  CHECK(n.etag == "e1401a23");
  REQUIRE(n.owner);
  CHECK(n.owner->target == "east");
  ap["properties"]["provisioningState"] = "Succeeded";
  CHECK(aks::parse_pool(ap).ready_nodes == 2);
  ap["properties"]["powerState"]["code"] = "Stopped";
  CHECK(aks::parse_pool(ap).ready_nodes == 0);
}

TEST_CASE("aks pool parsing: a Failed pool carries its classified provisioning error") {
  json ap = {{"name", "gp1"},
             {"properties",
              {{"count", 3}, {"provisioningState", "Failed"},
               {"status", {{"provisioningError", {{"code", "AllocationFailed"}, {"message", "Allocation failed."}}}}}}}};
  auto n = aks::parse_pool(ap);
  REQUIRE(n.error);
  CHECK(is_stockout(*n.error));
}

TEST_CASE("aks pool parsing: malformed fields give defaults, not exceptions") {
  json ap = {{"name", 5}, {"properties", {{"count", "two"}, {"vmSize", 7}, {"tags", "x"}, {"powerState", 1}}}};
  auto n = aks::parse_pool(ap);
  CHECK(n.name.empty());
  CHECK(n.desired_nodes == 0);
  CHECK_FALSE(n.owner);
}

TEST_CASE("aks writable: read-only fields are dropped for the PUT back") {
  json ap = {{"id", "x"}, {"name", "gp1"},
             {"properties", {{"count", 1}, {"provisioningState", "Succeeded"}, {"powerState", {{"code", "Running"}}},
                             {"eTag", "e"}, {"currentOrchestratorVersion", "1.30.5"}, {"nodeImageVersion", "img"},
                             {"nodeLabels", {{"a", "b"}}}}}};
  json w = aks::writable(ap);
  CHECK(w == json{{"properties", {{"count", 1}, {"nodeLabels", {{"a", "b"}}}}}});
}
