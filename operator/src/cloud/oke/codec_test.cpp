#include "cloud/oke/codec.h"

#include <doctest/doctest.h>

#include "cloud/errors.h"

using namespace gpupool;
using namespace gpupool::cloud;
using namespace gpupool::cloud::oke;
using nlohmann::json;

namespace {
NodePoolSpec h100(int nodes) {
  NodePoolSpec s;
  s.owner = {"team-a", "train", "uid-1", "primary"};
  s.name = "gpupool-team-a-train-primary";
  s.machine_type = "BM.GPU.H100.8";
  s.gpus_per_node = 8;
  s.node_count = nodes;
  s.zones = {"Uocm:US-ASHBURN-AD-1", "Uocm:US-ASHBURN-AD-2"};
  s.labels = {{"gpupool.io/pool", "train"}};
  return s;
}
PoolSettings settings() { return {"ocid1.compartment.oc1..c", "ocid1.cluster.oc1.iad.k", {"ocid1.subnet.oc1.iad.s"}, "ocid1.image.oc1.iad.i"}; }
}  // namespace

TEST_CASE("CreateNodePoolDetails: shape, source image, labels, freeform ownership tags, placements per AD") {
  auto d = create_details(h100(2), settings());
  REQUIRE_MESSAGE(d, d.error().describe());
  CHECK((*d)["compartmentId"] == "ocid1.compartment.oc1..c");
  CHECK((*d)["clusterId"] == "ocid1.cluster.oc1.iad.k");
  CHECK((*d)["nodeShape"] == "BM.GPU.H100.8");
  CHECK((*d)["nodeSourceDetails"] == json{{"sourceType", "IMAGE"}, {"imageId", "ocid1.image.oc1.iad.i"}});
  CHECK((*d)["initialNodeLabels"] == json::array({{{"key", "gpupool.io/pool"}, {"value", "train"}}}));
  CHECK((*d)["freeformTags"]["gpupool-owner-uid"] == "uid-1");
  CHECK((*d)["freeformTags"]["gpupool-target"] == "primary");
  const json& cfg = (*d)["nodeConfigDetails"];
  CHECK(cfg["size"] == 2);
  REQUIRE(cfg["placementConfigs"].size() == 2);
  CHECK(cfg["placementConfigs"][1] == json{{"availabilityDomain", "Uocm:US-ASHBURN-AD-2"}, {"subnetId", "ocid1.subnet.oc1.iad.s"}});
  CHECK_FALSE(d->contains("taints"));
}

TEST_CASE("spot and reservations go into each placement config") {
  auto s = h100(1);
  s.capacity_type = CapacityType::Spot;
  s.reservation = "ocid1.capacityreservation.oc1.iad.r";
  auto d = create_details(s, settings());
  REQUIRE(d);
  const json& pc = (*d)["nodeConfigDetails"]["placementConfigs"][0];
  CHECK(pc["capacityReservationId"] == "ocid1.capacityreservation.oc1.iad.r");
  CHECK(pc["preemptibleNodeConfig"]["preemptionAction"]["type"] == "TERMINATE");
}

TEST_CASE("what OKE cannot express is InvalidArgument with a clear message") {
  auto tainted = h100(1);
  tainted.taints = {{"nvidia.com/gpu", "present", "NoSchedule"}};
  auto e = create_details(tainted, settings());
  REQUIRE_FALSE(e);
  CHECK(e.error().code == ErrorCode::InvalidArgument);
  CHECK(e.error().message.find("OKE node pools do not support taints") != std::string::npos);
  auto auto_scaled = h100(1);
  auto_scaled.autoscaling = true;
  CHECK(create_details(auto_scaled, settings()).error().code == ErrorCode::InvalidArgument);
  auto wrong_gpus = h100(1);
  wrong_gpus.gpus_per_node = 4;
  CHECK_FALSE(create_details(wrong_gpus, settings()));
  auto unknown = h100(1);
  unknown.machine_type = "VM.Standard.E4.Flex";
  CHECK_FALSE(create_details(unknown, settings()));
  auto no_ad = h100(1);
  no_ad.zones.clear();
  CHECK_FALSE(create_details(no_ad, settings()));
  auto s = settings();
  s.subnet_ids = {"a", "b", "c"};  // neither one nor one per AD
  CHECK_FALSE(create_details(h100(1), s));
}

TEST_CASE("resize keeps the pool's placements; NodePool counts come from nodes[]") {
  json np = {{"id", "ocid1.nodepool.oc1.iad.p"},
             {"name", "gp"},
             {"nodeShape", "BM.GPU.H100.8"},
             {"lifecycleState", "ACTIVE"},
             {"freeformTags", {{"gpupool-owner-namespace", "team-a"}, {"gpupool-owner-name", "train"},
                               {"gpupool-owner-uid", "uid-1"}, {"gpupool-target", "primary"}}},
             {"nodeConfigDetails", {{"size", 3}, {"placementConfigs", json::array({{{"availabilityDomain", "AD-1"}, {"subnetId", "s"}}})}}},
             {"nodes", json::array({{{"lifecycleState", "ACTIVE"}, {"nodeError", nullptr}},
                                    {{"lifecycleState", "CREATING"}},
                                    {{"lifecycleState", "FAILING"},
                                     {"nodeError", {{"code", "InternalError"}, {"message", "Out of host capacity."}, {"status", "500"}}}}})}};
  auto body = resize_details(np, 5);
  CHECK(body == json{{"nodeConfigDetails", {{"size", 5}, {"placementConfigs", np["nodeConfigDetails"]["placementConfigs"]}}}});
  NodePool p = to_node_pool(np, "etag-1");
  CHECK(p.id == "ocid1.nodepool.oc1.iad.p");
  CHECK(p.desired_nodes == 3);
  CHECK(p.current_nodes == 2);
  CHECK(p.ready_nodes == 1);
  CHECK(p.zones == std::vector<std::string>{"AD-1"});
  CHECK(p.etag == "etag-1");
  REQUIRE(p.owner);
  CHECK(p.owner->uid == "uid-1");
  REQUIRE(p.error);
  CHECK(is_stockout(*p.error));
}

TEST_CASE("retry tokens: deterministic, <= 64 chars, change with the spec") {
  auto a = create_details(h100(1), settings()), b = create_details(h100(2), settings());
  REQUIRE((a && b));
  auto owner = h100(1).owner;
  CHECK(retry_token(owner, *a) == retry_token(owner, *a));
  CHECK(retry_token(owner, *a).size() <= 64);
  CHECK(retry_token(owner, *a) != retry_token(owner, *b));
  auto other = owner;
  other.target = "secondary";
  CHECK(retry_token(owner, *a) != retry_token(other, *a));
}
