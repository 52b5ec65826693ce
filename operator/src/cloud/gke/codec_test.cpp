#include "cloud/gke/codec.h"

#include <doctest/doctest.h>

#include "cloud/ownership.h"

using namespace gpupool;
using namespace gpupool::cloud;
using namespace gpupool::cloud::gke;
using nlohmann::json;

namespace {
NodePoolSpec h100(int nodes) {
  NodePoolSpec s;
  s.owner = {"ns", "train", "uid-1", "gke"};
  s.name = pool_name("GKE", s.owner);
  s.machine_type = "a3-highgpu-8g";
  s.gpus_per_node = 8;
  s.node_count = nodes;
  s.labels = {{"gpupool.io/pool", "train"}};
  s.taints = {{"nvidia.com/gpu", "present", "NoSchedule"}};
  return s;
}
}  // namespace

TEST_CASE("create request follows the container v1 shape") {
  auto body = create_request(h100(6), {"us-central1-a", "us-central1-b", "us-central1-c"});
  REQUIRE(body);
  const json& np = (*body)["nodePool"];
  CHECK(np["initialNodeCount"] == 2);  // per zone
  CHECK(np["locations"].size() == 3);
  const json& cfg = np["config"];
  CHECK(cfg["machineType"] == "a3-highgpu-8g");
  CHECK(cfg["accelerators"][0]["acceleratorType"] == "nvidia-h100-80gb");
  CHECK(cfg["accelerators"][0]["acceleratorCount"] == "8");  // int64 as a string
  CHECK(cfg["taints"][0]["effect"] == "NO_SCHEDULE");
  CHECK(cfg["labels"]["gpupool.io/pool"] == "train");
  CHECK(cfg["resourceLabels"]["gpupool-owner-uid"] == "uid-1");  // GCE labels carry ownership
  CHECK(cfg["spot"] == false);
  CHECK(cfg["reservationAffinity"]["consumeReservationType"] == "NO_RESERVATION");
}

TEST_CASE("spot, reservation, autoscaling and GPU mismatch") {
  auto s = h100(1);
  s.capacity_type = CapacityType::Reserved;
  s.reservation = "h100-res";
  s.autoscaling = true;
  s.min_nodes = 0;
  s.max_nodes = 4;
  auto body = create_request(s, {"us-central1-a"});
  REQUIRE(body);
  CHECK((*body)["nodePool"]["config"]["reservationAffinity"]["values"][0] == "h100-res");
  CHECK((*body)["nodePool"]["autoscaling"]["totalMaxNodeCount"] == 4);
  s.gpus_per_node = 4;
  CHECK(create_request(s, {"us-central1-a"}).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("parse a NodePool resource") {
  auto np = json::parse(R"({"name":"gp-x","config":{"machineType":"g2-standard-8","resourceLabels":{"gpupool-owner-namespace":"ns","gpupool-owner-name":"train","gpupool-owner-uid":"u","gpupool-target":"t"}},"initialNodeCount":1,"locations":["us-central1-a","us-central1-b"],"autoscaling":{"enabled":true,"minNodeCount":1,"maxNodeCount":3},"status":"RUNNING","etag":"7"})");
  auto p = parse_node_pool(np);
  CHECK(p.id == "gp-x");
  CHECK(p.machine_type == "g2-standard-8");
  CHECK(p.zones.size() == 2);
  CHECK(p.min_nodes == 2);  // per zone x zones
  CHECK(p.max_nodes == 6);
  REQUIRE(p.owner);
  CHECK(p.owner->target == "t");
  CHECK(p.state == "RUNNING");
  CHECK(per_zone(5, 2) == 3);
}
