#include "http/retry_transport.h"

#include <doctest/doctest.h>

#include <future>
#include <thread>

#include "testing/fake_clock.h"
#include "testing/fake_transport.h"

namespace gpupool::http {
namespace {

using gpupool::testing::FakeClock;
using gpupool::testing::FakeTransport;
using namespace std::chrono_literals;

struct Rig {
  FakeClock clock;
  FakeTransport* fake = nullptr;
  std::unique_ptr<ThrottledRetryTransport> transport;
  std::vector<Clock::duration> waits;

  explicit Rig(RetryPolicy p = {}) {
    auto f = std::make_unique<FakeTransport>();
    fake = f.get();
    transport = std::make_unique<ThrottledRetryTransport>(std::move(f), p, clock);
  }

  // Runs `f` on a thread and fast-forwards the fake clock through each sleep.
  template <typename F>
  auto drive(F f) {
    auto fut = std::async(std::launch::async, f);
    while (fut.wait_for(1ms) != std::future_status::ready) {
      if (clock.sleepers() == 0) continue;
      auto d = clock.next_deadline() - clock.now();
      if (d > Clock::duration::zero()) waits.push_back(d);
      clock.advance_to_next_deadline();
    }
    return fut.get();
  }
};

Request get(std::string target = "/api/v1/pods") {
  Request r;
  r.target = std::move(target);
  return r;
}

TEST_CASE("429 with Retry-After is retried after the advertised delay") {
  Rig rig;
  rig.fake->reply(429, R"({"kind":"Status","code":429})", {{"retry-after", "2"}}).reply(200, "{}");
  auto r = rig.drive([&] { return rig.transport->send(get()); });
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(rig.fake->request_count() == 2);
  REQUIRE(rig.waits.size() == 1);
  CHECK(rig.waits[0] == std::chrono::seconds(2));
}

TEST_CASE("Retry-After is capped") {
  Rig rig(RetryPolicy{20, 30, 10, std::chrono::seconds(5)});
  rig.fake->reply(503, "", {{"retry-after", "3600"}}).reply(200, "{}");
  auto r = rig.drive([&] { return rig.transport->send(get()); });
  REQUIRE(r);
  CHECK(r->status == 200);
  REQUIRE(rig.waits.size() == 1);
  CHECK(rig.waits[0] == std::chrono::seconds(5));
}

TEST_CASE("5xx without Retry-After and non-idempotent requests are not retried") {
  Rig rig;
  rig.fake->reply(500, "boom").reply(503, "", {{"retry-after", "1"}});
  auto r1 = rig.transport->send(get());
  REQUIRE(r1);
  CHECK(r1->status == 500);
  Request post = get();
  post.method = "POST";
  post.idempotent = false;
  auto r2 = rig.transport->send(post);
  REQUIRE(r2);
  CHECK(r2->status == 503);
  CHECK(rig.fake->request_count() == 2);
}

TEST_CASE("retries stop after max_retries and return the last answer") {
  Rig rig(RetryPolicy{20, 30, 3, std::chrono::seconds(30)});
  for (int i = 0; i < 5; ++i) rig.fake->reply(429, "", {{"retry-after", "1"}});
  auto r = rig.drive([&] { return rig.transport->send(get()); });
  REQUIRE(r);
  CHECK(r->status == 429);
  CHECK(rig.fake->request_count() == 4);  // 1 attempt + 3 retries
}

TEST_CASE("transport errors pass through without retry") {
  Rig rig;
  rig.fake->reply_error(Error(ErrorCode::Unavailable, "connection refused"));
  auto r = rig.transport->send(get());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Unavailable);
}

TEST_CASE("client-side rate limit waits on the clock once the burst is spent") {
  Rig rig(RetryPolicy{1.0, 1, 0, std::chrono::seconds(1)});
  rig.fake->reply(200).reply(200);
  CHECK(rig.transport->send(get()));
  auto r = rig.drive([&] { return rig.transport->send(get()); });
  CHECK(r);
  REQUIRE(rig.waits.size() == 1);
  CHECK(rig.waits[0] == std::chrono::seconds(1));
}

TEST_CASE("stop during a retry wait ends the stream promptly") {
  Rig rig;
  rig.fake->reply(429, "", {{"retry-after", "10"}});
  std::stop_source stop;
  auto fut = std::async(std::launch::async, [&] {
    return rig.transport->stream_lines(get(), stop.get_token(), [](std::string_view) { return true; });
  });
  REQUIRE(rig.clock.wait_for_sleepers(1));
  stop.request_stop();
  REQUIRE(fut.wait_for(5s) == std::future_status::ready);
  auto r = fut.get();
  REQUIRE(r);
  CHECK(r->status == 429);
  CHECK(rig.fake->request_count() == 1);
}

TEST_CASE("parse_retry_after accepts delta-seconds only") {
  CHECK(parse_retry_after("5") == std::chrono::seconds(5));
  CHECK(parse_retry_after(" 0 ") == std::chrono::seconds(0));
  CHECK_FALSE(parse_retry_after(""));
  CHECK_FALSE(parse_retry_after("-1"));
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
}

}  // namespace
}  // namespace gpupool::http
