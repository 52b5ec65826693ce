#include "placement/failover.h"

#include <doctest/doctest.h>

#include "placement/test_builders.h"

using namespace gpupool;
using namespace gpupool::placement;
using namespace gpupool::placement::testing;

TEST_CASE("backoff doubles from initialBackoff to maxBackoff") {
  api::Failover f;  // 5m, 30m
  CHECK(backoff_for(1, f) == 5min);
  CHECK(backoff_for(2, f) == 10min);
  CHECK(backoff_for(3, f) == 20min);
  CHECK(backoff_for(4, f) == 30min);
  CHECK(backoff_for(9, f) == 30min);
  CHECK(backoff_for(1000, f) == 30min);
}

TEST_CASE("errors are classified by what happens next") {
  CHECK(classify(stockout()) == ErrorClass::Failure);
  Error quota(ErrorCode::ResourceExhausted, "quota");
  quota.exhausted = ExhaustedKind::Quota;
  CHECK(classify(quota) == ErrorClass::Failure);
  CHECK(classify(Error(ErrorCode::Busy, "op in flight")) == ErrorClass::Wait);
  CHECK(classify(Error(ErrorCode::RateLimited, "slow down")) == ErrorClass::Wait);
  CHECK(classify(Error(ErrorCode::PermissionDenied, "no")) == ErrorClass::HardFailure);
  CHECK(classify(Error(ErrorCode::Unavailable, "503")) == ErrorClass::Transient);
}

TEST_CASE("a stockout starts backoff now+5m; errors during backoff are not counted again") {
  api::Failover f;
  auto s = step_failover({}, node_pool("a", 8, 0), stockout(), f, t0());
  CHECK(s.failed_now);
  CHECK(s.in_backoff);
  CHECK(s.memory.state == TargetState::Backoff);
  CHECK(s.memory.failures == 1);
  CHECK(s.memory.backoff_until == t0() + 5min);
  REQUIRE(s.memory.last_error);
  CHECK(s.memory.last_error->reason == "Stockout");
  CHECK(s.memory.last_error->time == "2026-01-01T00:00:00Z");
  auto again = step_failover(s.memory, node_pool("a", 8, 0), stockout(), f, t0() + 1min);
  CHECK_FALSE(again.failed_now);
  CHECK(again.in_backoff);
  CHECK(again.memory.failures == 1);
}

TEST_CASE("quota is a failure with its own reason; PermissionDenied puts the target in Error") {
  Error quota(ErrorCode::ResourceExhausted, "NVIDIA_H100_GPUS exceeded");
  quota.exhausted = ExhaustedKind::Quota;
  auto q = step_failover({}, std::nullopt, quota, {}, t0());
  CHECK(q.memory.last_error->reason == "QuotaExceeded");
  auto p = step_failover({}, std::nullopt, Error(ErrorCode::PermissionDenied, "iam"), {}, t0());
  CHECK(p.failed_now);
  CHECK(p.memory.state == TargetState::Error);
}

TEST_CASE("Busy and RateLimited are not failures: wait") {
  Error rl(ErrorCode::RateLimited, "429");
  rl.retry_after = 7s;
  auto s = step_failover({}, node_pool("a", 8, 2), rl, {}, t0());
  CHECK_FALSE(s.failed_now);
  CHECK_FALSE(s.in_backoff);
  CHECK(s.wait == 7s);
  auto b = step_failover({}, node_pool("a", 8, 2), Error(ErrorCode::Busy, "op"), {}, t0());
  CHECK_FALSE(b.in_backoff);
  CHECK(b.wait == 30s);
  auto u = step_failover({}, node_pool("a", 8, 2), Error(ErrorCode::Unavailable, "503"), {}, t0());
  CHECK_FALSE(u.in_backoff);
  CHECK_FALSE(u.wait);
}

TEST_CASE("nodes not Ready within provisioningTimeout is a failure") {
  api::Failover f;
  TargetMemory m;
  track_provisioning(m, 8, 0, t0());
  REQUIRE(m.provisioning_since == t0());
  CHECK_FALSE(step_failover(m, node_pool("a", 8, 4), std::nullopt, f, t0() + 19min).failed_now);
  auto s = step_failover(m, node_pool("a", 8, 4), std::nullopt, f, t0() + 20min);
  CHECK(s.failed_now);
  CHECK(s.memory.last_error->reason == "ProvisioningTimeout");
  CHECK(s.memory.backoff_until == t0() + 25min);
  CHECK_FALSE(s.memory.provisioning_since);
  // All Ready by then: no failure.
  CHECK_FALSE(step_failover(m, node_pool("a", 8, 8), std::nullopt, f, t0() + 20min).failed_now);
}

TEST_CASE("recovery after backoff; the ladder resets only when asked nodes become Ready") {
  api::Failover f;
  auto s = step_failover({}, node_pool("a", 8, 0), stockout(), f, t0());
  auto r = step_failover(s.memory, node_pool("a", 0, 0), std::nullopt, f, t0() + 5min);
  CHECK(r.recovered_now);
  CHECK_FALSE(r.in_backoff);
  CHECK(r.memory.failures == 1);  // still on the ladder
  TargetMemory grown = r.memory;
  grown.state = TargetState::Provisioning;
  track_provisioning(grown, 8, 0, t0() + 5min);
  auto ok = step_failover(grown, node_pool("a", 8, 8), std::nullopt, f, t0() + 8min);
  CHECK_FALSE(ok.recovered_now);
  CHECK(ok.memory.failures == 0);
  CHECK_FALSE(ok.memory.backoff_until);
}

TEST_CASE("state names round-trip") {
  for (auto s : {TargetState::Pending, TargetState::Provisioning, TargetState::Ready, TargetState::Resizing,
                 TargetState::Backoff, TargetState::Error, TargetState::Deleting})
    CHECK(parse_state(to_string(s)) == s);
  CHECK(parse_state("") == TargetState::Pending);
  CHECK(parse_state("bogus") == TargetState::Pending);
}
