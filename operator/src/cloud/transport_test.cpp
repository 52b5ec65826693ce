#include "cloud/transport.h"

#include <doctest/doctest.h>

#include "testing/fake_clock.h"

using namespace gpupool;

TEST_CASE("gated transports take a gate token before every request") {
  testing::FakeClock clock;
  auto gate = std::make_shared<cloud::ClusterGate>(1, clock);  // burst 1
  http::TransportConfig seen;
  cloud::TransportFactory inner = [&](const http::TransportConfig& tc) -> Result<std::unique_ptr<http::Transport>> {
    seen = tc;
    return fail(ErrorCode::Internal, "no transport in this test");
  };
  (void)cloud::gated(inner, gate)(http::TransportConfig{});
  REQUIRE(seen.before_send);
  seen.before_send();  // one request: the only token
  CHECK_FALSE(gate->try_acquire());
  clock.advance(std::chrono::seconds(1));
  CHECK(gate->try_acquire());
}

TEST_CASE("without a gate the factory is unchanged") {
  http::TransportConfig seen;
  cloud::TransportFactory inner = [&](const http::TransportConfig& tc) -> Result<std::unique_ptr<http::Transport>> {
    seen = tc;
    return fail(ErrorCode::Internal, "no transport in this test");
  };
  (void)cloud::gated(inner, nullptr)(http::TransportConfig{});
  CHECK_FALSE(seen.before_send);
}
