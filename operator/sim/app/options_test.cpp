#include "sim/app/options.h"

#include <doctest/doctest.h>

using namespace gpupool::sim::app;
using Kind = ParseResult::Kind;

TEST_CASE("flags parse in both spellings") {
  auto r = parse_args({"--state-dir", "/tmp/x", "--port-base=7000", "--plain-http", "--persist",
                       "--bookmark-interval-ms", "250", "--log-level=debug"});
  REQUIRE(r.kind == Kind::Run);
  CHECK(r.options.state_dir == "/tmp/x");
  CHECK(r.options.port_base == 7000);
  CHECK(r.options.plain_http);
  CHECK(r.options.persist);
  CHECK(r.options.bookmark_interval_ms == 250);
  CHECK(r.options.log_level == "debug");
  CHECK(r.options.provisioning_seconds == 2);
  CHECK(parse_args({"--state-dir", "d", "--provisioning-seconds", "0.5"}).options.provisioning_seconds == 0.5);
  CHECK(parse_args({"--state-dir", "d", "--provisioning-seconds=0"}).options.provisioning_seconds == 0);
  CHECK_FALSE(parse_args({"--state-dir", "d"}).options.plain_http);
}

TEST_CASE("help and bad flags") {
  CHECK(parse_args({"--help"}).kind == Kind::Help);
  CHECK(parse_args({"-h"}).kind == Kind::Help);
  CHECK(parse_args({}).error == "--state-dir is required");
  CHECK(parse_args({"--state-dir"}).kind == Kind::Error);
  CHECK(parse_args({"--state-dir", "d", "--bogus"}).error == "unknown flag: --bogus");
  CHECK(parse_args({"--state-dir", "d", "--port-base", "70000"}).kind == Kind::Error);
  CHECK(parse_args({"--state-dir", "d", "--port-base", "12x"}).kind == Kind::Error);
  CHECK(parse_args({"--state-dir", "d", "--port-base", "65530"}).kind == Kind::Run);  // coreweave on 65535
  CHECK(parse_args({"--state-dir", "d", "--port-base", "65531"}).kind == Kind::Error);
  for (const char* bad : {"-1", "inf", "nan", "0x10", "2s", "", "90000"})
    CHECK(parse_args({"--state-dir", "d", "--provisioning-seconds", bad}).kind == Kind::Error);
  CHECK(parse_args({"--state-dir", "d", "--bookmark-interval-ms", "0"}).kind == Kind::Error);
  CHECK(parse_args({"--state-dir", "d", "--log-level", "loud"}).kind == Kind::Error);
  CHECK(parse_args({"--state-dir", "d", "--persist=yes"}).kind == Kind::Error);
  CHECK(usage().find("--state-dir DIR") != std::string::npos);
}
