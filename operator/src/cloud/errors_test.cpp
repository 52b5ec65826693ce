#include "cloud/errors.h"

#include <doctest/doctest.h>

using namespace gpupool;
using namespace gpupool::cloud;

TEST_CASE("Retry-After parsing") {
  CHECK(parse_retry_after("5") == std::chrono::milliseconds(5000));
  CHECK(parse_retry_after(" 0 ") == std::chrono::milliseconds(0));
  CHECK_FALSE(parse_retry_after(""));
  CHECK_FALSE(parse_retry_after("soon"));
  auto now = std::chrono::system_clock::from_time_t(1445412470);  // 2015-10-21T07:27:50Z
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == std::chrono::milliseconds(10000));
}

TEST_CASE("typed constructors and status fallback") {
  auto e = resource_exhausted(ExhaustedKind::Stockout, "no H100", "GCE_STOCKOUT");
  CHECK(is_stockout(e));
  CHECK_FALSE(is_quota(e));
  CHECK(rate_limited("slow", std::chrono::seconds(2)).retry_after == std::chrono::milliseconds(2000));
  CHECK(busy("op running").code == ErrorCode::Busy);
  CHECK(code_for_http_status(404) == ErrorCode::NotFound);
  CHECK(code_for_http_status(503) == ErrorCode::Unavailable);
  CHECK(code_for_http_status(418) == ErrorCode::Internal);
}
