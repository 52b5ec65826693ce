#include "cloud/token_cache.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "testing/fake_clock.h"

using namespace gpupool;
using namespace gpupool::cloud;
using namespace std::chrono_literals;

TEST_CASE("tokens are cached until ~5 minutes before expiry") {
  testing::FakeClock clock;
  int n = 0;
  TokenCache cache([&]() -> Result<AccessToken> { return AccessToken{"t" + std::to_string(++n), 3600s}; }, clock);
  CHECK(cache.token().value() == "t1");
  CHECK(cache.token().value() == "t1");
  clock.advance(54min);
  CHECK(cache.token().value() == "t1");
  clock.advance(2min);  // 56 min: inside the 5 min window
  CHECK(cache.token().value() == "t2");
  CHECK(cache.fetches() == 2);
  cache.invalidate();
  CHECK(cache.token().value() == "t3");
}

TEST_CASE("short-lived tokens refresh half-way, not on every call") {
  testing::FakeClock clock;
  int n = 0;
  TokenCache cache([&]() -> Result<AccessToken> { return AccessToken{"t" + std::to_string(++n), 10s}; }, clock);
  for (int i = 0; i < 5; ++i) CHECK(cache.token().value() == "t1");
  clock.advance(6s);
  CHECK(cache.token().value() == "t2");
}

TEST_CASE("fetch errors surface; a still-valid token survives a failed refresh") {
  testing::FakeClock clock;
  bool fail = true;
  TokenCache cache(
      [&]() -> Result<AccessToken> {
        if (fail) return Error(ErrorCode::Unauthenticated, "invalid_grant");
        return AccessToken{"good", 3600s};
      },
      clock);
  CHECK(cache.token().error().code == ErrorCode::Unauthenticated);
  fail = false;
  CHECK(cache.token().value() == "good");
  clock.advance(57min);
  fail = true;
  CHECK(cache.token().value() == "good");
}

TEST_CASE("concurrent callers share one fetch") {
  testing::FakeClock clock;
  std::atomic<int> calls{0};
  std::atomic<bool> release{false};
  TokenCache cache(
      [&]() -> Result<AccessToken> {
        ++calls;
        while (!release) std::this_thread::yield();
        return AccessToken{"t", 3600s};
      },
      clock);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back([&] { CHECK(cache.token().value() == "t"); });
  std::this_thread::sleep_for(50ms);
  release = true;
  for (auto& t : threads) t.join();
  CHECK(calls == 1);
}
