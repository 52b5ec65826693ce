#include "placement/memory.h"

#include <doctest/doctest.h>

#include "placement/plan.h"
#include "placement/test_builders.h"

using namespace gpupool;
using namespace gpupool::placement;
using namespace gpupool::placement::testing;

TEST_CASE("memory survives the status round trip: state, backoffUntil, lastError, ladder step") {
  api::Failover f;
  for (int failures = 1; failures <= 6; ++failures) {
    CAPTURE(failures);
    TargetAction a;
    a.target = "gke";
    a.state = TargetState::Backoff;
    a.memory.state = TargetState::Backoff;
    a.memory.failures = failures;
    a.memory.backoff_until = t0() + backoff_for(failures, f);
    a.memory.last_error = api::TargetError{"Stockout", "no capacity", "2026-01-01T00:00:00Z"};
    api::TargetStatus st = target_status(a, seen("gke", node_pool("gke", 8, 2)), true);
    CHECK(st.state == "Backoff");
    CHECK(st.backoff_until.size() == 20);
    CHECK(st.node_pool == "gp-gke");
    CHECK(st.ready_nodes == 2);
    TargetMemory m = memory_from_status(st, f);
    CHECK(m.state == TargetState::Backoff);
    CHECK(m.backoff_until == a.memory.backoff_until);
    CHECK(m.last_error == a.memory.last_error);
    // 5m, 10m, 20m, then capped: every step past the cap behaves like the cap.
    CHECK(backoff_for(m.failures + 1, f) == backoff_for(std::min(failures, 4) + 1, f));
    CHECK(m.failures == std::min(failures, 4));
  }
}

TEST_CASE("memory from an empty or partial status") {
  api::Failover f;
  CHECK(memory_from_status({}, f) == TargetMemory{});
  api::TargetStatus st;
  st.state = "Backoff";
  st.backoff_until = "2026-01-01T00:05:00Z";  // no lastError: first step assumed
  CHECK(memory_from_status(st, f).failures == 1);
  st.backoff_until = "not a time";
  CHECK_FALSE(memory_from_status(st, f).backoff_until);
  api::GPUPoolStatus ps;
  ps.targets.push_back({});
  ps.targets.back().name = "a";
  ps.targets.back().state = "Ready";
  CHECK(memory_for(ps, "a", f).state == TargetState::Ready);
  CHECK(memory_for(ps, "b", f).state == TargetState::Pending);
}

TEST_CASE("desiredNodes is what we asked for only when the calls are made") {
  TargetAction a;
  a.target = "gke";
  a.kind = ActionKind::Resize;
  a.from_nodes = 2;
  a.to_nodes = 5;
  CHECK(target_status(a, seen("gke", node_pool("gke", 2, 2)), true).desired_nodes == 5);
  CHECK(target_status(a, seen("gke", node_pool("gke", 2, 2)), false).desired_nodes == 2);
}

TEST_CASE("pool_spec carries the decision and the spec's node template") {
  auto spec = pool(16, api::Strategy::Priority, {target("gke", "a3-highgpu-8g")});
  spec.node_template.labels["team"] = "ml";
  spec.node_template.taints.push_back({"nvidia.com/gpu", "present", "NoSchedule"});
  spec.targets[0].zones = {"us-central1-a"};
  spec.targets[0].capacity_type = api::CapacityType::Spot;
  Decision d = decide(spec, {seen("gke")}, t0());
  cloud::Owner owner{"ns", "train", "uid-1", "gke"};
  cloud::NodePoolSpec s = pool_spec(spec, spec.targets[0], d.targets[0], owner, "GKE");
  CHECK(s.node_count == 2);
  CHECK(s.gpus_per_node == 8);
  CHECK(s.machine_type == "a3-highgpu-8g");
  CHECK(s.capacity_type == cloud::CapacityType::Spot);
  CHECK(s.zones == std::vector<std::string>{"us-central1-a"});
  CHECK(s.labels.at("team") == "ml");
  REQUIRE(s.taints.size() == 1);
  CHECK(s.taints[0].effect == "NoSchedule");
  CHECK(s.owner == owner);
  CHECK(s.name.rfind("gp-", 0) == 0);
}
