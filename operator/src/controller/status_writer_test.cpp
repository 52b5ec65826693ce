#include "controller/status_writer.h"

#include <doctest/doctest.h>

#include "controller/finalizers.h"
#include "testing/fake_client.h"
#include "testing/fake_clock.h"

using gpupool::ErrorCode;
using gpupool::controller::StatusWriter;
using gpupool::kube::json;
using gpupool::testing::FakeClient;
using gpupool::testing::FakeClock;

namespace {
const gpupool::kube::ResourceRef kPools{"gpupool.io", "v1alpha1", "gpupools", true};
json pool() {
  return {{"apiVersion", "gpupool.io/v1alpha1"},
          {"kind", "GPUPool"},
          {"metadata", {{"namespace", "a"}, {"name", "p"}}},
          {"spec", {{"size", 1}}},
          {"status", {{"phase", "Pending"}}}};
}
auto set_phase(const std::string& phase) {
  return [phase](json& s) { s["phase"] = phase; };
}
gpupool::api::ObjectMeta meta_of(const json& o) {
  gpupool::api::ObjectMeta m;
  m.ns = o["metadata"]["namespace"];
  m.name = o["metadata"]["name"];
  m.resource_version = o["metadata"]["resourceVersion"];
  for (auto& f : o["metadata"].value("finalizers", json::array())) m.finalizers.push_back(f);
  return m;
}
}  // namespace

TEST_CASE("status is written only when it changed") {
  FakeClock clock;
  FakeClient client(clock);
  const json obj = client.seed(kPools, pool());
  StatusWriter w(client, kPools);
  auto same = w.apply(obj, set_phase("Pending"));
  REQUIRE(same);
  CHECK(client.count_calls("update_status") == 0);
  auto changed = w.apply(obj, set_phase("Ready"));
  REQUIRE(changed);
  CHECK(client.count_calls("update_status") == 1);
  CHECK((*changed)["status"]["phase"] == "Ready");
  CHECK(client.peek(kPools, "a", "p")->at("status")["phase"] == "Ready");
}

TEST_CASE("a Conflict re-reads and re-applies the mutation, bounded") {
  FakeClock clock;
  FakeClient client(clock);
  const json stale = client.seed(kPools, pool());
  // Someone else changes the object after we read it.
  json other = stale;
  other["spec"]["size"] = 2;
  REQUIRE(client.update(kPools, "a", other));
  StatusWriter w(client, kPools);
  auto r = w.apply(stale, [](json& s) { s["observedGeneration"] = 2; });
  REQUIRE(r);
  CHECK(client.count_calls("get") == 1);
  CHECK(client.count_calls("update_status") == 2);  // 409, then success
  CHECK((*r)["status"]["observedGeneration"] == 2);
  CHECK((*r)["spec"]["size"] == 2);  // the other writer's change survived

  gpupool::Error conflict(ErrorCode::Conflict, "conflict");
  client.fail_next("update_status", conflict, 10);
  StatusWriter bounded(client, kPools, StatusWriter::Mode::Update, 3);
  auto gave_up = bounded.apply("a", "p", set_phase("Failed"));
  REQUIRE_FALSE(gave_up);
  CHECK(gave_up.error().code == ErrorCode::Conflict);
}

TEST_CASE("merge-patch mode sends only the status difference with the resourceVersion") {
  FakeClock clock;
  FakeClient client(clock);
  const json obj = client.seed(kPools, pool());
  StatusWriter w(client, kPools, StatusWriter::Mode::MergePatch);
  auto r = w.apply(obj, [](json& s) {
    s.erase("phase");
    s["ready"] = true;
  });
  REQUIRE(r);
  auto calls = client.calls();
  const std::string body = calls.back().detail;
  CHECK(body.find("patch_status") == 0);
  CHECK(body.find("\"phase\":null") != std::string::npos);
  CHECK(body.find("\"resourceVersion\"") != std::string::npos);
  CHECK((*r)["status"] == json{{"ready", true}});
  CHECK(gpupool::controller::merge_patch_diff(json{{"a", 1}}, json{{"a", 1}}) == json::object());
}

TEST_CASE("finalizers are added and removed with an RV precondition") {
  FakeClock clock;
  FakeClient client(clock);
  const json obj = client.seed(kPools, pool());
  auto added = gpupool::controller::add_finalizer(client, kPools, meta_of(obj), "gpupool.io/cleanup");
  REQUIRE(added);
  CHECK((*added)["metadata"]["finalizers"] == json::array({"gpupool.io/cleanup"}));
  // Already present: no API call.
  const auto patches = client.count_calls("patch");
  auto again = gpupool::controller::add_finalizer(client, kPools, meta_of(*added), "gpupool.io/cleanup");
  REQUIRE(again);
  CHECK(again->is_null());
  CHECK(client.count_calls("patch") == patches);
  // A stale resourceVersion is rejected with 409.
  auto stale = gpupool::controller::add_finalizer(client, kPools, meta_of(obj), "other");
  REQUIRE_FALSE(stale);
  CHECK(stale.error().code == ErrorCode::Conflict);
  // JSON-patch style, then deletion completes once the last finalizer goes.
  REQUIRE(client.remove(kPools, "a", "p"));
  const json deleting = *client.peek(kPools, "a", "p");
  CHECK(deleting["metadata"].contains("deletionTimestamp"));
  auto removed = gpupool::controller::remove_finalizer(client, kPools, meta_of(deleting), "gpupool.io/cleanup",
                                                       gpupool::controller::PatchStyle::Json);
  REQUIRE(removed);
  CHECK_FALSE(client.peek(kPools, "a", "p").has_value());
}
