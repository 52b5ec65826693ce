#include "app/options.h"

#include <doctest/doctest.h>

using gpupool::app::parse_options;

TEST_CASE("defaults match controller-runtime") {
  auto o = parse_options({});
  REQUIRE(o.has_value());
  CHECK(o->metrics_bind_address == ":8080");
  CHECK(o->health_probe_bind_address == ":8081");
  CHECK(o->leader_election_id == "gpupool-operator");
  CHECK(o->concurrency == 4);
  CHECK_FALSE(o->leader_elect);
  CHECK(o->watch_namespace.empty());
  CHECK(o->log_format == gpupool::log::Format::Json);
}

TEST_CASE("flag spellings") {
  auto o = parse_options({"--leader-elect", "--namespace", "ml", "-concurrency=8", "--log-format=text",
                          "--metrics-bind-address=0", "--leader-election-retry-period", "1s"});
  REQUIRE(o.has_value());
  CHECK(o->leader_elect);
  CHECK(o->watch_namespace == "ml");
  CHECK(o->concurrency == 8);
  CHECK(o->log_format == gpupool::log::Format::Text);
  CHECK(o->metrics_bind_address == "0");
  CHECK(o->retry_period == std::chrono::seconds(1));
  CHECK_FALSE(parse_options({"--leader-elect=false"})->leader_elect);
  auto q = parse_options({"--kube-api-qps=50.5", "--kube-api-burst", "100"});
  REQUIRE(q.has_value());
  CHECK(q->kube_api_qps == 50.5);
  CHECK(q->kube_api_burst == 100);
}

TEST_CASE("bad flags name the problem") {
  auto msg = [](std::vector<std::string> args) {
    auto o = parse_options(args);
    REQUIRE_FALSE(o.has_value());
    return o.error().message;
  };
  CHECK(msg({"--nope"}) == "unknown flag --nope");
  CHECK(msg({"--kubeconfig"}) == "flag --kubeconfig needs a value");
  CHECK(msg({"--concurrency", "0"}) == "--concurrency: expected an integer between 1 and 256, got \"0\"");
  CHECK(msg({"--log-level", "loud"}) == "--log-level: expected debug, info, warn or error, got \"loud\"");
  CHECK(msg({"--leader-elect=maybe"}) == "--leader-elect: expected true or false, got \"maybe\"");
  CHECK(msg({"--health-probe-bind-address", "8081"}) ==
        "--health-probe-bind-address: invalid bind address \"8081\": want [host]:port or 0");
  CHECK(msg({"--leader-election-renew-deadline", "20s"}) ==
        "--leader-election-lease-duration must be greater than --leader-election-renew-deadline");
  CHECK(msg({"--kube-api-qps", "fast"}) == "--kube-api-qps: expected a positive number, got \"fast\"");
  CHECK(msg({"stray"}) == "unexpected argument \"stray\" (flags start with --)");
}
