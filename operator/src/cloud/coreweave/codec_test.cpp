#include "cloud/coreweave/codec.h"

#include <doctest/doctest.h>

#include "cloud/errors.h"
#include "cloud/ownership.h"

using namespace gpupool;
using namespace gpupool::cloud;
using namespace gpupool::cloud::coreweave;
using nlohmann::json;

namespace {
NodePoolSpec spec() {
  NodePoolSpec s;
  s.owner = {"team-a", "train", "6c1f0a52-9d7e-4b8e-8f43-0d2b1c9e7a11", "h100"};
  s.name = pool_name("CoreWeave", s.owner);
  s.machine_type = "gd-8xh100ib-i128";
  s.node_count = 2;
  s.labels = {{"gpupool.io/pool", "train"}};
  s.taints = {{"nvidia.com/gpu", "present", "NoSchedule"}};
  return s;
}
}  // namespace

TEST_CASE("manifest: NodePool with ownership labels, node labels and taints") {
  json m = nodepool_manifest(spec(), 2);
  CHECK(m["apiVersion"] == "compute.coreweave.com/v1alpha1");
  CHECK(m["kind"] == "NodePool");
  CHECK(m["metadata"]["labels"]["gpupool-target"] == "h100");
  CHECK(m["spec"]["instanceType"] == "gd-8xh100ib-i128");
  CHECK(m["spec"]["targetNodes"] == 2);
  CHECK(m["spec"]["autoscaling"] == false);
  CHECK_FALSE(m["spec"].contains("minNodes"));
  CHECK(m["spec"]["nodeLabels"]["gpupool.io/pool"] == "train");
  CHECK(m["spec"]["nodeTaints"][0] == json{{"key", "nvidia.com/gpu"}, {"value", "present"}, {"effect", "NoSchedule"}});
  CHECK(nodepools().namespaced == false);
}

TEST_CASE("parse: counts, owner, state and a capacity error from current conditions") {
  json m = nodepool_manifest(spec(), 2);
  m["metadata"]["generation"] = 1;
  m["metadata"]["resourceVersion"] = "42";
  m["status"] = {{"currentNodes", 1},
                 {"conditions", {{{"type", "AtTarget"}, {"status", "False"}, {"reason", "InsufficientCapacity"},
                                  {"message", "1 of 2 nodes could be allocated"}, {"observedGeneration", 1}}}}};
  NodePool p = parse_nodepool(m);
  CHECK(p.id == spec().name);
  CHECK(p.desired_nodes == 2);
  CHECK(p.current_nodes == 1);
  CHECK(p.ready_nodes == 1);
  REQUIRE(p.owner);
  CHECK(*p.owner == stored_owner("CoreWeave", spec().owner));
  CHECK(p.state == "InsufficientCapacity");
  REQUIRE(p.error);
  CHECK(is_stockout(*p.error));
  CHECK(p.etag == "42");
  m["metadata"]["generation"] = 2;  // spec changed since: the condition is stale
  CHECK_FALSE(parse_nodepool(m).error);
  CHECK(parse_nodepool(json::object()).desired_nodes == 0);  // tolerant of empty objects
}
