#include <doctest/doctest.h>

#include <chrono>

#include "sim/kube/api_server.h"
#include "sim/kube/test_client.h"

namespace gpupool::sim::kube {
using namespace testing;

struct ListFixture {
  ApiServer s{ApiServerOptions{}};
  Client c{s};
  ListFixture() {
    REQUIRE(s.install_crd(gpupool_crd()).ok);
    const char* teams[] = {"a", "b", "c", "a", "b"};
    for (int i = 0; i < 5; ++i)
      REQUIRE(c.post(kPools, pool("p" + std::to_string(i), i, {{"team", teams[i]}})).status() == 201);
  }
  std::vector<std::string> names(const std::string& query) {
    auto r = c.get(std::string(kPools) + query);
    REQUIRE(r.status() == 200);
    std::vector<std::string> out;
    json body = r.body();
    for (const auto& i : body["items"]) out.push_back(i["metadata"]["name"]);
    return out;
  }
};

TEST_CASE_FIXTURE(ListFixture, "label and field selectors") {
  auto list = c.get(kPools).body();
  CHECK(list["kind"] == "GPUPoolList");
  CHECK(list["apiVersion"] == "gpupool.io/v1");
  CHECK(list["items"][0]["kind"] == "GPUPool");
  CHECK(names("?labelSelector=team=a") == std::vector<std::string>{"p0", "p3"});
  CHECK(names("?labelSelector=team in (a,c)") == std::vector<std::string>{"p0", "p2", "p3"});
  CHECK(names("?labelSelector=team notin (a,c)") == std::vector<std::string>{"p1", "p4"});
  CHECK(names("?labelSelector=!team").empty());
  CHECK(names("?labelSelector=team,team!=b") == std::vector<std::string>{"p0", "p2", "p3"});
  CHECK(names("?fieldSelector=metadata.name=p2") == std::vector<std::string>{"p2"});
  CHECK(names("?fieldSelector=metadata.namespace!=default").empty());
  auto bad = c.get(std::string(kPools) + "?fieldSelector=spec.gpus=1");
  CHECK(bad.status() == 400);
  CHECK(bad.body()["message"] == "field label not supported: spec.gpus");
}

TEST_CASE_FIXTURE(ListFixture, "pagination with continue tokens; expired tokens give 410") {
  auto first = c.get(std::string(kPools) + "?limit=2").body();
  CHECK(first["items"].size() == 2);
  CHECK(first["metadata"]["remainingItemCount"] == 3);
  std::string token = first["metadata"]["continue"];
  auto second = c.get(std::string(kPools) + "?limit=2&continue=" + token).body();
  CHECK(second["items"][0]["metadata"]["name"] == "p2");
  CHECK(second["metadata"]["resourceVersion"] == first["metadata"]["resourceVersion"]);
  auto third = c.get(std::string(kPools) + "?limit=2&continue=" + second["metadata"]["continue"].get<std::string>()).body();
  CHECK(third["items"].size() == 1);
  CHECK(!third["metadata"].contains("continue"));
  c.post(kPools, pool("p9"));  // history moves past the token's RV
  s.compact();
  auto gone = c.get(std::string(kPools) + "?limit=2&continue=" + token);
  CHECK(gone.status() == 410);
  CHECK(gone.body()["reason"] == "Expired");
}

TEST_CASE_FIXTURE(ListFixture, "resourceVersion semantics on list") {
  auto l = c.get(kPools).body();
  std::string rv = l["metadata"]["resourceVersion"];
  c.del(std::string(kPools) + "/p0");
  CHECK(names("?resourceVersion=" + rv + "&resourceVersionMatch=Exact").size() == 5);
  CHECK(names("?resourceVersion=" + rv).size() == 4);
  CHECK(c.get(std::string(kPools) + "?resourceVersionMatch=Exact").status() == 422);
  CHECK(c.get(std::string(kPools) + "?resourceVersion=0&resourceVersionMatch=Exact").status() == 422);
  CHECK(c.get(std::string(kPools) + "?resourceVersion=99999").status() == 504);
}

TEST_CASE_FIXTURE(ListFixture, "json patch, merge patch RV precondition, SMP only for built-ins") {
  std::string item = std::string(kPools) + "/p1";
  auto jp = c.call("PATCH", item, R"([{"op":"replace","path":"/spec/gpus","value":32}])", "application/json-patch+json");
  CHECK(jp.status() == 200);
  CHECK(jp.body()["spec"]["gpus"] == 32);
  auto failed = c.call("PATCH", item, R"([{"op":"test","path":"/spec/gpus","value":1}])", "application/json-patch+json");
  CHECK(failed.status() == 422);
  auto stale = c.merge(item, {{"metadata", {{"resourceVersion", "1"}}}, {"spec", {{"gpus", 2}}}});
  CHECK(stale.status() == 409);
  auto smp = c.call("PATCH", item, R"({"spec":{"gpus":1}})", "application/strategic-merge-patch+json");
  CHECK(smp.status() == 415);
  CHECK(smp.body()["message"] ==
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, "
        "application/merge-patch+json, application/apply-patch+yaml");
  CHECK(c.call("PATCH", item, "{bad", "application/merge-patch+json").status() == 400);
  CHECK(c.call("PATCH", item + "?force=true", "{}", "application/merge-patch+json").status() == 422);

  json dep = {{"apiVersion", "apps/v1"},
              {"kind", "Deployment"},
              {"metadata", {{"name", "d"}}},
              {"spec",
               {{"replicas", 1},
                {"template", {{"spec", {{"containers", {{{"name", "a"}, {"image", "x:1"}}, {{"name", "b"}, {"image", "y:1"}}}}}}}}}}};
  REQUIRE(c.post("/apis/apps/v1/namespaces/default/deployments", dep).status() == 201);
  auto patched = c.call("PATCH", "/apis/apps/v1/namespaces/default/deployments/d",
                        R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"b","image":"y:2"}]}}}})",
                        "application/strategic-merge-patch+json");
  REQUIRE(patched.status() == 200);
  auto containers = patched.body()["spec"]["template"]["spec"]["containers"];
  CHECK(containers.size() == 2);
  CHECK(containers[1]["image"] == "y:2");
  CHECK(patched.body()["metadata"]["generation"] == 2);
}

TEST_CASE_FIXTURE(ListFixture, "server-side apply: upsert, fieldManager required, conflicts, removal of omitted fields") {
  std::string item = std::string(kPools) + "/ssa";
  std::string body = R"({"apiVersion":"gpupool.io/v1","kind":"GPUPool","metadata":{"name":"ssa","namespace":"default"},"spec":{"gpus":3,"gpuType":"A100"}})";
  CHECK(c.call("PATCH", item, body, "application/apply-patch+yaml").status() == 422);
  auto created = c.call("PATCH", item + "?fieldManager=kubectl&force=false", body, "application/apply-patch+yaml");
  CHECK(created.status() == 201);
  CHECK(created.body()["metadata"]["managedFields"][0]["manager"] == "kubectl");
  std::string yaml = "apiVersion: gpupool.io/v1\nkind: GPUPool\nmetadata:\n  name: ssa\nspec:\n  gpus: 5\n";
  auto other = c.call("PATCH", item + "?fieldManager=other", yaml, "application/apply-patch+yaml");
  CHECK(other.status() == 409);
  CHECK(other.body()["message"] == "Apply failed with 1 conflict: conflict with \"kubectl\": .spec.gpus");
  CHECK(c.call("PATCH", item + "?fieldManager=other&force=true", yaml, "application/apply-patch+yaml").status() == 200);
  // kubectl re-applies without gpuType: it owned it alone, so it is removed.
  std::string again = R"({"apiVersion":"gpupool.io/v1","kind":"GPUPool","metadata":{"name":"ssa"},"spec":{"gpus":5}})";
  auto r = c.call("PATCH", item + "?fieldManager=kubectl", again, "application/apply-patch+yaml");
  REQUIRE(r.status() == 200);
  CHECK(!r.body()["spec"].contains("gpuType"));
  CHECK(r.body()["spec"]["gpus"] == 5);
  // Identical re-apply is a no-op.
  auto same = c.call("PATCH", item + "?fieldManager=kubectl", again, "application/apply-patch+yaml");
  CHECK(same.body()["metadata"]["resourceVersion"] == r.body()["metadata"]["resourceVersion"]);
}

TEST_CASE_FIXTURE(ListFixture, "deletecollection returns the deleted objects") {
  auto r = c.del(std::string(kPools) + "?labelSelector=team=b");
  REQUIRE(r.status() == 200);
  CHECK(r.body()["kind"] == "GPUPoolList");
  CHECK(r.body()["items"].size() == 2);
  CHECK(names("").size() == 3);
}

TEST_CASE("10,000 GPUPools list well under a second") {
  ApiServer s{ApiServerOptions{}};
  Client c{s};
  REQUIRE(s.install_crd(gpupool_crd()).ok);
  for (int i = 0; i < 10000; ++i) REQUIRE(c.post(kPools, pool("pool-" + std::to_string(i), i % 8)).status() == 201);
  auto start = std::chrono::steady_clock::now();
  auto r = c.get(kPools);
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(r.status() == 200);
  CHECK(r.body()["items"].size() == 10000);
  MESSAGE("list of 10000 took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
  CHECK(took < std::chrono::milliseconds(1000));
}

}  // namespace gpupool::sim::kube
