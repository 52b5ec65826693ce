// Duration, time, condition, Secret, Lease and Event codecs.
#include <doctest/doctest.h>

#include "api/condition.h"
#include "api/duration.h"
#include "api/event.h"
#include "api/lease.h"
#include "api/secret.h"
#include "api/time_format.h"

using namespace std::chrono_literals;
using nlohmann::json;
namespace api = gpupool::api;

TEST_CASE("parse_duration") {
  CHECK(api::parse_duration("5m") == 5min);
  CHECK(api::parse_duration("1h30m") == 90min);
  CHECK(api::parse_duration("1.5s") == 1500ms);
  CHECK(api::parse_duration("300ms") == 300ms);
  CHECK(api::parse_duration("0") == 0ms);
  CHECK(api::parse_duration("2h0m0s") == 2h);
  for (const char* bad : {"", "5", "m", "5x", "-5m", "1..5s", "5 m", "1h 30m"}) {
    CAPTURE(bad);
    CHECK_FALSE(api::parse_duration(bad));
  }
  CHECK(api::format_duration(90s) == "1m30s");
  CHECK(api::format_duration(1500ms) == "1.5s");
  CHECK(api::format_duration(250ms) == "250ms");
  CHECK(api::format_duration(2h) == "2h");
}

TEST_CASE("time formats") {
  auto t = std::chrono::system_clock::from_time_t(1767225600) + 123456us;  // 2026-01-01
  CHECK(api::format_time(t) == "2026-01-01T00:00:00Z");
  CHECK(api::format_micro_time(t) == "2026-01-01T00:00:00.123456Z");
  CHECK(api::parse_time("2026-01-01T00:00:00.123456Z") == t);
  CHECK(api::parse_time("2026-01-01T01:00:00+01:00") == std::chrono::system_clock::from_time_t(1767225600));
  CHECK_FALSE(api::parse_time("yesterday"));
}

TEST_CASE("set_condition keeps lastTransitionTime unless status changes") {
  std::vector<api::Condition> cs;
  CHECK(api::set_condition(cs, {"Ready", "False", 1, "", "SecretNotFound", "m"}, "T1"));
  CHECK(cs[0].last_transition_time == "T1");
  CHECK_FALSE(api::set_condition(cs, {"Ready", "False", 1, "", "SecretNotFound", "m"}, "T2"));
  CHECK(api::set_condition(cs, {"Ready", "False", 2, "", "SecretMissingKeys", "m2"}, "T3"));
  CHECK(cs[0].last_transition_time == "T1");
  CHECK(cs[0].observed_generation == 2);
  CHECK(api::set_condition(cs, {"Ready", "True", 2, "", "SecretValid", ""}, "T4"));
  CHECK(cs[0].last_transition_time == "T4");
  CHECK(api::is_condition_true(cs, "Ready"));
  CHECK(api::remove_condition(cs, "Ready"));
  CHECK(cs.empty());
}

TEST_CASE("Secret keeps key names only") {
  json s{{"metadata", {{"name", "s"}, {"namespace", "n"}}}, {"type", "Opaque"},
         {"data", {{"token", "c2VjcmV0"}, {"empty", ""}}}, {"stringData", {{"clientId", "x"}}}};
  auto sec = api::Secret::from_json(s);
  CHECK(sec.keys == std::set<std::string>{"token", "clientId"});
  auto vals = api::decode_secret_values(s);
  REQUIRE(vals.has_value());
  CHECK(vals->at("token") == "secret");
  s["data"]["token"] = "not base64!";
  auto bad = api::decode_secret_values(s);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message == "secret data key token: not valid base64");
  CHECK_NOTHROW((void)api::Secret::from_json(json{{"data", 5}}));
  CHECK(api::Secret::from_json(json{{"data", 5}}).decode_error == "data: expected object, got integer");
}

TEST_CASE("Lease and Event round-trip") {
  json l{{"metadata", {{"name", "gpupool-operator"}, {"namespace", "default"}, {"resourceVersion", "9"}}},
         {"spec", {{"holderIdentity", "a"}, {"leaseDurationSeconds", 15}, {"renewTime", "2026-01-01T00:00:00.000000Z"},
                   {"leaseTransitions", 2}}}};
  auto lease = api::Lease::from_json(l);
  CHECK(lease.spec.holder_identity == "a");
  CHECK(api::Lease::from_json(lease.to_json()).spec == lease.spec);
  CHECK(lease.to_json()["metadata"]["resourceVersion"] == "9");
  CHECK(api::Lease::from_json(json{{"spec", {{"leaseDurationSeconds", "x"}}}}).decode_error ==
        "spec.leaseDurationSeconds: expected integer, got string");

  api::Event e;
  e.metadata.ns = "ns";
  e.metadata.name = "c.1";
  e.involved_object = {"gpupool.io/v1alpha1", "CloudCluster", "ns", "c", "u", ""};
  e.reason = "SecretNotFound";
  e.type = "Warning";
  auto back = api::Event::from_json(e.to_json());
  CHECK(back.involved_object == e.involved_object);
  CHECK(back.reason == "SecretNotFound");
  CHECK(back.type == "Warning");
}
