#include "placement/decide.h"

#include <doctest/doctest.h>

#include "placement/plan.h"
#include "placement/test_builders.h"

using namespace gpupool;
using namespace gpupool::placement;
using namespace gpupool::placement::testing;

namespace {

// gke (prio 0), aks (prio 1), oke (prio 2), cw (prio 3): four H100 targets.
std::vector<api::PoolTarget> four_h100() {
  return {target("gke", "a3-highgpu-8g", 0), target("aks", "Standard_ND96isr_H100_v5", 1),
          target("oke", "BM.GPU.H100.8", 2), target("cw", "gd-8xh100ib-i128", 3)};
}

// 64 H100, Priority: gke (prio 0) preferred, aks (prio 1) fallback.
api::GPUPoolSpec gke_then_aks() {
  return pool(64, api::Strategy::Priority,
              {target("gke", "a3-highgpu-8g", 0), target("aks", "Standard_ND96isr_H100_v5", 1)});
}

std::vector<TargetObservation> all_seen(const api::GPUPoolSpec& spec) {
  std::vector<TargetObservation> obs;
  for (const auto& t : spec.targets) obs.push_back(seen(t.name));
  return obs;
}

}  // namespace

TEST_CASE("Priority: 64 H100 over 4 targets with maxNodes") {
  auto spec = pool(64, api::Strategy::Priority, four_h100());
  spec.targets[0].max_nodes = 3;
  spec.targets[1].max_nodes = 2;
  Decision d = decide(spec, all_seen(spec), t0());
  CHECK(act(d, "gke").to_nodes == 3);
  CHECK(act(d, "aks").to_nodes == 2);
  CHECK(act(d, "oke").to_nodes == 3);
  CHECK(act(d, "cw").to_nodes == 0);
  CHECK(act(d, "gke").kind == ActionKind::Create);
  CHECK(act(d, "cw").kind == ActionKind::None);
  CHECK(act(d, "gke").state == TargetState::Provisioning);
  CHECK(d.placed_gpus == 64);
  CHECK(d.shortfall == 0);
  CHECK(d.mutate);
  CHECK(d.plan.size() == 3);
  CHECK(cond(d, "Ready").status == "False");
  CHECK(cond(d, "Progressing").status == "True");
  CHECK(cond(d, "Degraded").status == "False");
  CHECK(action_event(act(d, "gke")).reason == "CreatingNodePool");
  CHECK(action_event(act(d, "gke")).message == "target gke: creating node pool with 3 nodes (24 GPUs)");
  CHECK_FALSE(has_event(d, "CreatingNodePool"));  // emitted by the reconciler once the call started
}

TEST_CASE("Spread: weights 3:1") {
  auto spec =
      pool(64, api::Strategy::Spread, {target("gke", "a3-highgpu-8g"), target("cw", "gd-8xh100ib-i128")});
  spec.targets[0].weight = 3;
  Decision d = decide(spec, all_seen(spec), t0());
  CHECK(act(d, "gke").to_nodes == 6);
  CHECK(act(d, "cw").to_nodes == 2);
}

TEST_CASE("Cheapest: catalogue prices, then a pricePerGPUHour override") {
  auto spec = pool(64, api::Strategy::Cheapest, four_h100());
  for (auto& t : spec.targets) t.max_nodes = 4;
  // cw 6.155 < oke 10.00 < gke 11.061 < aks 12.290
  Decision d = decide(spec, all_seen(spec), t0());
  CHECK(act(d, "cw").to_nodes == 4);
  CHECK(act(d, "oke").to_nodes == 4);
  CHECK(act(d, "gke").to_nodes == 0);
  CHECK(act(d, "aks").to_nodes == 0);
  spec.targets[1].price_per_gpu_hour = "2.10";  // negotiated AKS rate
  d = decide(spec, all_seen(spec), t0());
  CHECK(act(d, "aks").to_nodes == 4);
  CHECK(act(d, "cw").to_nodes == 4);
  CHECK(act(d, "oke").to_nodes == 0);
}

TEST_CASE("stockout on priority 0 moves its share in the same decision and sets Backoff until now+5m") {
  auto spec = gke_then_aks();
  auto gke = seen("gke", node_pool("gke", 8, 0));
  gke.last_error = stockout();
  gke.memory.state = TargetState::Provisioning;
  Decision d = decide(spec, {gke, seen("aks")}, t0());
  const auto& g = act(d, "gke");
  CHECK(g.state == TargetState::Backoff);
  CHECK(g.memory.backoff_until == t0() + 5min);
  CHECK(g.memory.last_error->reason == "Stockout");
  CHECK(g.kind == ActionKind::Resize);  // gives up the nodes it could not get
  CHECK(g.to_nodes == 0);
  CHECK(act(d, "aks").kind == ActionKind::Create);
  CHECK(act(d, "aks").to_nodes == 8);
  CHECK(has_event(d, "TargetBackoff"));
  CHECK(has_event(d, "FailedOver"));
  CHECK(cond(d, "Degraded").status == "True");
  CHECK(cond(d, "Degraded").reason == "TargetsUnavailable");
  CHECK(d.requeue_after <= std::chrono::milliseconds(5min));
}

TEST_CASE("a target in backoff keeps its Ready nodes, gets no new share and never grows") {
  auto spec = gke_then_aks();
  auto gke = seen("gke", node_pool("gke", 8, 3));
  gke.last_error = stockout();
  Decision d = decide(spec, {gke, seen("aks")}, t0());
  CHECK(act(d, "gke").to_nodes == 3);
  CHECK(act(d, "aks").to_nodes == 5);
  CHECK(d.shortfall == 0);
}

TEST_CASE("backoff doubles per consecutive failure up to 30m, also across a restart") {
  World w;
  w.spec = gke_then_aks();
  w.step();  // creates gke
  std::vector<std::chrono::minutes> seen_backoffs;
  for (int i = 0; i < 5; ++i) {
    w.errors["gke"] = stockout();
    w.now += 1min;
    Decision d = w.step();
    const auto& g = act(d, "gke");
    REQUIRE(g.state == TargetState::Backoff);
    seen_backoffs.push_back(std::chrono::duration_cast<std::chrono::minutes>(*g.memory.backoff_until - w.now));
    if (i == 2) w.restart();  // the ladder step comes back from backoffUntil - lastError.time
    w.now = *g.memory.backoff_until;
    Decision r = w.step();  // recovered: gke grows again
    CHECK(has_event(r, "TargetRecovered"));
    CHECK(act(r, "gke").to_nodes == 8);
  }
  CHECK(seen_backoffs == std::vector<std::chrono::minutes>{5min, 10min, 20min, 30min, 30min});
}

TEST_CASE("recovery, make-before-break over several decisions: Ready GPUs never dip") {
  World w;
  w.spec = gke_then_aks();
  auto step = [&] {
    int before = w.ready_gpus(8);
    Decision d = w.step();
    CHECK(w.ready_gpus(8) >= std::min(64, before));
    return d;
  };
  step();                              // gke 0 -> 8
  w.errors["gke"] = stockout();
  w.now += 1min;
  Decision d = step();                 // gke Backoff, aks 0 -> 8
  CHECK(act(d, "aks").to_nodes == 8);
  w.set_ready("aks", 8);
  w.now += 1min;
  d = step();
  CHECK(cond(d, "Ready").status == "True");
  w.now = t0() + 6min;                 // backoff over
  d = step();
  CHECK(has_event(d, "TargetRecovered"));
  CHECK(act(d, "gke").to_nodes == 8);  // preferred grows first
  CHECK(act(d, "aks").to_nodes == 8);  // fallback untouched: nothing new is Ready
  CHECK(act(d, "aks").kind == ActionKind::None);
  w.set_ready("gke", 3);
  w.now += 2min;
  d = step();
  CHECK(act(d, "aks").kind == ActionKind::Resize);
  CHECK(act(d, "aks").to_nodes == 5);  // shrinks by exactly what became Ready
  CHECK(act(d, "aks").state == TargetState::Resizing);
  CHECK(w.ready_gpus(8) == 64);
  w.set_ready("gke", 8);
  w.now += 2min;
  d = step();
  CHECK(act(d, "aks").to_nodes == 0);
  CHECK(act(d, "gke").state == TargetState::Ready);
  CHECK(w.ready_gpus(8) == 64);
  CHECK(act(d, "gke").memory.failures == 0);  // asked nodes became Ready: ladder reset
  CHECK(w.status["gke"].backoff_until.empty());
}

TEST_CASE("a plain spec decrease shrinks at once") {
  auto spec = gke_then_aks();
  spec.targets[0].max_nodes = 8;
  // Was 128: both full and Ready.
  Decision d = decide(spec, {seen("gke", node_pool("gke", 8, 8)), seen("aks", node_pool("aks", 8, 8))}, t0());
  CHECK(act(d, "gke").kind == ActionKind::None);
  CHECK(act(d, "aks").kind == ActionKind::Resize);
  CHECK(act(d, "aks").to_nodes == 0);
}

TEST_CASE("GB200 on CoreWeave comes in racks of 18 nodes") {
  auto spec = pool(100, api::Strategy::Priority, {target("cw", "gb200-4x")}, "GB200");
  Decision d = decide(spec, all_seen(spec), t0());
  CHECK(act(d, "cw").to_nodes == 36);  // 25 nodes needed -> two racks
  CHECK(d.placed_gpus == 144);
  spec.gpus = 72;
  CHECK(decide(spec, all_seen(spec), t0()).targets[0].to_nodes == 18);
}

TEST_CASE("minNodes and maxNodes always hold; a shortfall degrades with InsufficientCapacity") {
  auto spec = gke_then_aks();
  spec.targets[0].max_nodes = 4;
  spec.targets[1].max_nodes = 2;
  spec.targets[1].min_nodes = 1;
  Decision d = decide(spec, all_seen(spec), t0());
  CHECK(act(d, "gke").to_nodes == 4);
  CHECK(act(d, "aks").to_nodes == 2);
  CHECK(d.shortfall == 16);
  CHECK(cond(d, "Degraded").status == "True");
  CHECK(cond(d, "Degraded").reason == "InsufficientCapacity");
  CHECK(cond(d, "Degraded").message.find("shortfall of 16 GPUs") != std::string::npos);
  spec.gpus = 0;  // scale to minNodes
  d = decide(spec, all_seen(spec), t0());
  CHECK(act(d, "gke").to_nodes == 0);
  CHECK(act(d, "aks").to_nodes == 1);
  CHECK(d.shortfall == 0);
}

TEST_CASE("an unknown machine type is invalid; the other targets keep working") {
  auto spec = gke_then_aks();
  spec.targets[0] = target("x", "mystery-gpu-9000", 0);
  Decision d = decide(spec, all_seen(spec), t0());
  const auto& x = act(d, "x");
  CHECK(x.state == TargetState::Error);
  CHECK(x.kind == ActionKind::None);
  CHECK(x.reason.find("UnknownMachineType") == 0);
  CHECK(act(d, "aks").to_nodes == 8);
  CHECK(has_event(d, "InvalidTarget"));
  CHECK(cond(d, "Degraded").reason == "TargetsUnavailable");
  CHECK(cond(d, "Degraded").message.find("UnknownMachineType") != std::string::npos);
  // Reported once: the next decision already remembers Error.
  auto obs = all_seen(spec);
  obs[0].memory.state = TargetState::Error;
  CHECK_FALSE(has_event(decide(spec, obs, t0()), "InvalidTarget"));
}

TEST_CASE("a target whose CloudCluster does not exist is invalid and reported once") {
  auto spec = gke_then_aks();
  auto gone = seen("gke", std::nullopt, false);
  gone.cluster_missing = true;
  Decision d = decide(spec, {gone, seen("aks")}, t0());
  const auto& g = act(d, "gke");
  CHECK(g.state == TargetState::Error);
  CHECK(g.kind == ActionKind::None);
  CHECK(g.reason.find("CloudClusterNotFound") == 0);
  CHECK(act(d, "aks").to_nodes == 8);
  CHECK(has_event(d, "InvalidTarget"));
  CHECK(cond(d, "Degraded").message.find("CloudClusterNotFound") != std::string::npos);
  gone.memory.state = TargetState::Error;
  CHECK_FALSE(has_event(decide(spec, {gone, seen("aks")}, t0()), "InvalidTarget"));
}

TEST_CASE("a target whose CloudCluster is not Ready gets no new share and is left alone") {
  auto spec = gke_then_aks();
  Decision d = decide(spec, {seen("gke", std::nullopt, false), seen("aks")}, t0());
  CHECK(act(d, "gke").kind == ActionKind::None);
  CHECK(act(d, "gke").state == TargetState::Pending);
  CHECK(act(d, "aks").to_nodes == 8);
  // With a known pool it keeps its Ready nodes; nothing is asked of it.
  d = decide(spec, {seen("gke", node_pool("gke", 8, 4), false), seen("aks")}, t0());
  CHECK(act(d, "gke").kind == ActionKind::None);
  CHECK(act(d, "gke").to_nodes == 8);
  CHECK(act(d, "aks").to_nodes == 4);
}

TEST_CASE("mode Plan: the same decision as a plan, no calls") {
  auto spec = gke_then_aks();
  spec.targets[0].max_nodes = 5;
  spec.mode = api::PoolMode::Plan;
  Decision d = decide(spec, {seen("gke", node_pool("gke", 2, 2)), seen("aks")}, t0());
  CHECK_FALSE(d.mutate);
  REQUIRE(d.plan.size() == 2);
  CHECK(d.plan[0] == api::PlanStep{"gke", "Resize", 2, 5, "placement wants 5 nodes"});
  CHECK(d.plan[1].target == "aks");
  CHECK(d.plan[1].action == "Create");
  CHECK(d.plan[1].from_nodes == 0);
  CHECK(d.plan[1].to_nodes == 3);
  CHECK(act(d, "gke").state == TargetState::Ready);  // nothing was asked
  CHECK(act(d, "aks").state == TargetState::Pending);
  CHECK(d.events.empty());
  CHECK(cond(d, "Progressing").reason == "PlanOnly");
  CHECK_FALSE(act(d, "aks").memory.provisioning_since);  // no timer for what was never asked
}

TEST_CASE("autoscaling targets get min/max bounds, not node counts") {
  auto spec = gke_then_aks();
  spec.targets[0].autoscaling = true;
  spec.targets[0].min_nodes = 1;
  spec.targets[0].max_nodes = 6;
  Decision d = decide(spec, all_seen(spec), t0());
  const auto& g = act(d, "gke");
  CHECK(g.kind == ActionKind::Create);
  CHECK(g.autoscaling);
  CHECK(g.min_nodes == 1);
  CHECK(g.max_nodes == 6);
  CHECK(g.to_nodes == 1);
  CHECK(act(d, "aks").to_nodes == 8);  // the autoscaled pool has nothing Ready yet
  auto pool_as = node_pool("gke", 3, 3);
  pool_as.autoscaling = true;
  pool_as.min_nodes = 0;
  pool_as.max_nodes = 4;
  d = decide(spec, {seen("gke", pool_as), seen("aks")}, t0());
  CHECK(act(d, "gke").kind == ActionKind::SetAutoscaling);
  CHECK(act(d, "gke").to_nodes == 3);
  CHECK(act(d, "aks").to_nodes == 5);  // its 3 Ready nodes count
  pool_as.min_nodes = 1;
  pool_as.max_nodes = 6;
  CHECK(decide(spec, {seen("gke", pool_as), seen("aks")}, t0()).targets[0].kind == ActionKind::None);
}

TEST_CASE("OKE autoscaling is invalid with a clear reason") {
  auto spec =
      pool(16, api::Strategy::Priority, {target("oke", "BM.GPU.H100.8", 0), target("cw", "gd-8xh100ib-i128", 1)});
  spec.targets[0].autoscaling = true;
  spec.targets[0].max_nodes = 4;
  auto obs = all_seen(spec);
  obs[0].provider = api::Provider::OKE;
  Decision d = decide(spec, obs, t0());
  CHECK(act(d, "oke").state == TargetState::Error);
  CHECK(act(d, "oke").reason.find("OKE has no node-pool autoscaler") != std::string::npos);
  CHECK(act(d, "cw").to_nodes == 2);
}

TEST_CASE("targets removed from the spec: owned pools are deleted, foreign ones ignored") {
  auto spec = pool(16, api::Strategy::Priority, {target("cw", "gd-8xh100ib-i128")});
  auto old = seen("old", node_pool("old", 4, 4));
  auto foreign = seen("other", node_pool("other", 2, 2));
  foreign.pool->owner.reset();
  Decision d = decide(spec, {seen("cw"), old, foreign}, t0());
  REQUIRE(d.targets.size() == 2);
  CHECK(act(d, "old").kind == ActionKind::Delete);
  CHECK(act(d, "old").state == TargetState::Deleting);
  CHECK(act(d, "old").removed);
  CHECK(action_event(act(d, "old")).reason == "DeletingNodePool");
  CHECK(d.plan.back() == api::PlanStep{"old", "Delete", 4, 0, "target removed from spec"});
}

TEST_CASE("Busy and RateLimited keep the share and only wait") {
  auto spec = gke_then_aks();
  auto gke = seen("gke", node_pool("gke", 8, 2));
  Error busy(ErrorCode::Busy, "operation in progress");
  busy.retry_after = 20s;
  gke.last_error = busy;
  Decision d = decide(spec, {gke, seen("aks")}, t0());
  CHECK(act(d, "gke").state == TargetState::Provisioning);
  CHECK(act(d, "gke").wait == std::chrono::milliseconds(20s));
  CHECK(act(d, "aks").to_nodes == 0);
  CHECK(d.requeue_after == std::chrono::milliseconds(20s));
  CHECK_FALSE(has_event(d, "TargetBackoff"));
}

TEST_CASE("nodes not Ready within provisioningTimeout fail over") {
  World w;
  w.spec = gke_then_aks();
  w.step();
  w.set_ready("gke", 5);
  w.now += 19min;
  CHECK(act(w.step(), "aks").to_nodes == 0);
  w.now = t0() + 20min;
  Decision d = w.step();
  CHECK(act(d, "gke").state == TargetState::Backoff);
  CHECK(act(d, "gke").memory.last_error->reason == "ProvisioningTimeout");
  CHECK(act(d, "gke").to_nodes == 5);  // keeps what is Ready
  CHECK(act(d, "aks").to_nodes == 3);
}

TEST_CASE("a pool without our owner tags is never touched") {
  auto spec = pool(16, api::Strategy::Priority, {target("cw", "gd-8xh100ib-i128")});
  auto o = seen("cw", node_pool("cw", 1, 1));
  o.pool->owner.reset();
  Decision d = decide(spec, {o}, t0());
  CHECK(act(d, "cw").kind == ActionKind::None);
  CHECK(act(d, "cw").state == TargetState::Error);
  CHECK(act(d, "cw").reason.find("NodePoolNotOwned") == 0);
}

TEST_CASE("decisions are deterministic") {
  auto spec = pool(96, api::Strategy::Spread, four_h100());
  for (auto& t : spec.targets) t.weight = 1;
  Decision a = decide(spec, all_seen(spec), t0());
  Decision b = decide(spec, all_seen(spec), t0());
  CHECK(a.plan == b.plan);
  CHECK(a.events == b.events);
  CHECK(a.conditions == b.conditions);
}

TEST_CASE("paused: decided and planned, but no calls") {
  auto spec = pool(16, api::Strategy::Priority, {target("cw", "gd-8xh100ib-i128")});
  spec.paused = true;
  Decision d = decide(spec, all_seen(spec), t0());
  CHECK_FALSE(d.mutate);
  CHECK(d.plan.size() == 1);
  CHECK(cond(d, "Progressing").reason == "Paused");
  CHECK(d.events.empty());
}

TEST_CASE("a failure of the preferred target during make-before-break never drops Ready GPUs") {
  World w;
  w.spec = gke_then_aks();
  w.step();
  w.errors["gke"] = stockout();
  w.step();
  w.set_ready("aks", 8);
  w.now = t0() + 5min;
  w.step();  // gke recovers and grows
  w.set_ready("gke", 3);
  w.errors["gke"] = stockout();  // the rest of the growth stocks out
  w.now += 1min;
  Decision d = w.step();
  CHECK(act(d, "gke").state == TargetState::Backoff);
  CHECK(act(d, "gke").to_nodes == 3);
  CHECK(act(d, "aks").to_nodes == 5);
  CHECK(w.ready_gpus(8) == 64);
  CHECK(act(d, "gke").memory.backoff_until == w.now + 10min);  // second consecutive failure
}

TEST_CASE("a two-zone GKE target asks for an even node total") {
  auto spec = pool(40, api::Strategy::Priority, {target("gke", "a3-highgpu-8g")});
  spec.targets[0].zones = {"us-central1-a", "us-central1-b"};
  auto o = seen("gke");
  o.provider = api::Provider::GKE;
  CHECK(decide(spec, {o}, t0()).targets[0].to_nodes == 6);  // 5 nodes would become 3 per zone anyway
}

TEST_CASE("a repeat failure while the fallback already holds the share says so, not 'no eligible target'") {
  auto spec = gke_then_aks();
  auto gke = seen("gke", node_pool("gke", 8, 0));
  gke.last_error = stockout();
  gke.memory.state = TargetState::Provisioning;  // retried after its backoff ended
  Decision d = decide(spec, {gke, seen("aks", node_pool("aks", 8, 8))}, t0());
  REQUIRE(has_event(d, "FailedOver"));
  for (const auto& e : d.events)
    if (e.reason == "FailedOver") CHECK(e.message == "gke failed; the other targets already hold its share");
  CHECK(d.shortfall == 0);
}
