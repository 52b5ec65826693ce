#include "sim/kube/api_server.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>

#include "sim/kube/test_client.h"

namespace gpupool::sim::kube {
using namespace testing;


TEST_CASE("discovery: version, core, CRD appears only once established") {
  ApiServer s{ApiServerOptions{}};
  Client c{s};
  auto v = c.get("/version").body();
  CHECK(v["major"] == "1");
  CHECK(v["minor"] == "32");
  CHECK(v["gitVersion"] == "v1.32.0");
  CHECK(c.get("/api").body()["versions"][0] == "v1");
  auto core = c.get("/api/v1").body();
  CHECK(core["kind"] == "APIResourceList");
  CHECK(c.get(kPools).status() == 404);
  CHECK(c.get("/apis").raw.body.find("gpupool.io") == std::string::npos);
  auto created = c.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", gpupool_crd());
  REQUIRE(created.status() == 201);
  auto crd = created.body();
  CHECK(crd["spec"]["names"]["singular"] == "gpupool");
  CHECK(crd["spec"]["names"]["listKind"] == "GPUPoolList");
  CHECK(crd["status"]["conditions"][1]["type"] == "Established");
  CHECK(crd["status"]["storedVersions"] == json::array({"v1"}));
  CHECK(c.get("/apis").raw.body.find("gpupool.io") != std::string::npos);
  auto gv = c.get("/apis/gpupool.io/v1").body();
  std::vector<std::string> names;
  for (const auto& r : gv["resources"]) names.push_back(r["name"]);
  CHECK(names == std::vector<std::string>{"gpupools", "gpupools/status", "gpupools/scale"});
  CHECK(gv["resources"][0]["shortNames"] == json::array({"gp"}));
  CHECK(c.get(kPools).status() == 200);
  auto root = c.get("/openapi/v3").body();
  CHECK(root["paths"].contains("apis/gpupool.io/v1"));
  CHECK(root["paths"].contains("api/v1"));
  CHECK(root["paths"].contains("apis/apiextensions.k8s.io/v1"));
  CHECK(c.get("/openapi/v3/apis/gpupool.io/v1").status() == 200);
  CHECK(c.get("/openapi/v2").status() == 404);
}

TEST_CASE("CRD validation rejects bad names and storage versions") {
  ApiServer s{ApiServerOptions{}};
  Client c{s};
  json bad = gpupool_crd();
  bad["metadata"]["name"] = "wrong.gpupool.io";
  auto r = c.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", bad);
  CHECK(r.status() == 422);
  CHECK(r.body()["reason"] == "Invalid");
  json two = gpupool_crd();
  two["spec"]["versions"][0]["storage"] = false;
  CHECK(c.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", two).status() == 422);
}

struct Fixture {
  ApiServer s{ApiServerOptions{}};
  Client c{s};
  Fixture() { REQUIRE(s.install_crd(gpupool_crd()).ok); }
};

TEST_CASE_FIXTURE(Fixture, "create, get, RV conflicts and generation rules") {
  auto r = c.post(kPools, pool("a"));
  REQUIRE(r.status() == 201);
  json a = r.body();
  CHECK(a["metadata"]["generation"] == 1);
  CHECK(a["metadata"]["uid"].get<std::string>().size() == 36);
  CHECK(a["metadata"]["namespace"] == "default");
  CHECK(a["spec"]["provider"] == "gke");  // defaulted
  CHECK(c.post(kPools, pool("a")).body()["reason"] == "AlreadyExists");

  std::string rv = a["metadata"]["resourceVersion"];
  json stale = a;
  stale["metadata"]["resourceVersion"] = "1";
  auto conflict = c.put(std::string(kPools) + "/a", stale);
  CHECK(conflict.status() == 409);
  CHECK(conflict.body()["message"] ==
        "Operation cannot be fulfilled on gpupools.gpupool.io \"a\": the object has been modified; please apply your "
        "changes to the latest version and try again");
  CHECK(conflict.body()["details"]["kind"] == "gpupools");
  json no_rv = a;
  no_rv["metadata"].erase("resourceVersion");
  auto inv = c.put(std::string(kPools) + "/a", no_rv);
  CHECK(inv.status() == 422);
  CHECK(inv.body()["message"] == "gpupools.gpupool.io \"a\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");

  json upd = a;
  upd["spec"]["gpus"] = 8;
  upd["status"] = {{"readyGPUs", 99}};  // ignored on the main resource
  auto u = c.put(std::string(kPools) + "/a", upd).body();
  CHECK(u["metadata"]["generation"] == 2);
  CHECK(!u.contains("status"));
  auto st = c.merge(std::string(kPools) + "/a/status", {{"status", {{"readyGPUs", 3}}}, {"spec", {{"gpus", 1}}}}).body();
  CHECK(st["status"]["readyGPUs"] == 3);
  CHECK(st["spec"]["gpus"] == 8);
  CHECK(st["metadata"]["generation"] == 2);
  CHECK(st["metadata"]["resourceVersion"] != u["metadata"]["resourceVersion"]);
  auto lab = c.merge(std::string(kPools) + "/a", {{"metadata", {{"labels", {{"x", "y"}}}}}}).body();
  CHECK(lab["metadata"]["generation"] == 2);

  // No-op write keeps the RV.
  auto same = c.merge(std::string(kPools) + "/a", {{"spec", {{"gpus", 8}}}}).body();
  CHECK(same["metadata"]["resourceVersion"] == lab["metadata"]["resourceVersion"]);
}

TEST_CASE_FIXTURE(Fixture, "CR schema validation, strict and warn field validation") {
  auto r = c.post(kPools, pool("neg", -1));
  CHECK(r.status() == 422);
  CHECK(r.body()["message"] ==
        "GPUPool.gpupool.io \"neg\" is invalid: spec.gpus: Invalid value: -1: spec.gpus in body should be greater than or equal to 0");
  CHECK(r.body()["details"]["causes"][0]["field"] == "spec.gpus");
  json extra = pool("x");
  extra["spec"]["foo"] = 1;
  auto strict = c.post(std::string(kPools) + "?fieldValidation=Strict", extra);
  CHECK(strict.status() == 400);
  CHECK(strict.body()["message"] ==
        "GPUPool in version \"v1\" cannot be handled as a GPUPool: strict decoding error: unknown field \"spec.foo\"");
  auto warn = c.post(kPools, extra);
  CHECK(warn.status() == 201);
  CHECK(warn.header("Warning") == "299 - \"unknown field \\\"spec.foo\\\"\"");
  CHECK(!warn.body()["spec"].contains("foo"));
}

TEST_CASE_FIXTURE(Fixture, "finalizers, deletionTimestamp and deletion on last finalizer removal") {
  json p = pool("f");
  p["metadata"]["finalizers"] = {"gpupool.io/cleanup"};
  REQUIRE(c.post(kPools, p).status() == 201);
  auto d = c.del(std::string(kPools) + "/f", R"({"propagationPolicy":"Background"})");
  CHECK(d.status() == 200);
  json obj = d.body();
  CHECK(obj["metadata"].contains("deletionTimestamp"));
  CHECK(obj["metadata"]["generation"] == 2);
  auto again = c.del(std::string(kPools) + "/f").body();
  CHECK(again["metadata"]["resourceVersion"] == obj["metadata"]["resourceVersion"]);
  auto add = c.merge(std::string(kPools) + "/f", {{"metadata", {{"finalizers", {"gpupool.io/cleanup", "other"}}}}});
  CHECK(add.status() == 422);
  auto rm = c.merge(std::string(kPools) + "/f", {{"metadata", {{"finalizers", nullptr}}}});
  CHECK(rm.status() == 200);
  CHECK(c.get(std::string(kPools) + "/f").status() == 404);

  REQUIRE(c.post(kPools, pool("g")).status() == 201);
  auto gone = c.del(std::string(kPools) + "/g").body();
  CHECK(gone["kind"] == "Status");
  CHECK(gone["status"] == "Success");
  CHECK(gone["details"]["kind"] == "gpupools");
  auto nf = c.get(std::string(kPools) + "/g").body();
  CHECK(nf["message"] == "gpupools.gpupool.io \"g\" not found");
}

TEST_CASE_FIXTURE(Fixture, "delete preconditions, dryRun and generateName") {
  auto a = c.post(kPools, pool("p")).body();
  auto pre = c.del(std::string(kPools) + "/p", R"({"preconditions":{"uid":"nope"}})");
  CHECK(pre.status() == 409);
  CHECK(c.post(std::string(kPools) + "?dryRun=All", pool("dry")).status() == 201);
  CHECK(c.get(std::string(kPools) + "/dry").status() == 404);
  json gen = pool("");
  gen["metadata"].erase("name");
  gen["metadata"]["generateName"] = "pool-";
  auto g = c.post(kPools, gen).body();
  CHECK(g["metadata"]["name"].get<std::string>().size() == 10);
  json badname = pool("Bad_Name");
  CHECK(c.post(kPools, badname).status() == 422);
}

TEST_CASE_FIXTURE(Fixture, "namespaces, malformed input and unknown paths") {
  auto r = c.post("/apis/gpupool.io/v1/namespaces/nope/gpupools", pool("a"));
  CHECK(r.status() == 404);
  CHECK(r.body()["message"] == "namespaces \"nope\" not found");
  CHECK(c.call("POST", kPools, "{not json").status() == 400);
  CHECK(c.call("PATCH", std::string(kPools) + "/a", "{}", "text/plain").status() == 415);
  CHECK(c.get("/apis/nothing.io/v1/things").status() == 404);
  CHECK(c.get("/nope").body()["message"] == "the server could not find the requested resource");
  CHECK(c.post("/api/v1/namespaces", {{"metadata", {{"name", "team"}}}}).status() == 201);
  CHECK(c.post("/apis/gpupool.io/v1/namespaces/team/gpupools", pool("t")).status() == 201);
  CHECK(c.get("/apis/gpupool.io/v1/gpupools").body()["items"].size() == 1);
  auto d = c.del("/api/v1/namespaces/team");
  CHECK(d.status() == 200);
  CHECK(c.get("/api/v1/namespaces/team").status() == 404);
  CHECK(c.get("/apis/gpupool.io/v1/gpupools").body()["items"].empty());
}

TEST_CASE_FIXTURE(Fixture, "secrets merge stringData into data; leases unconditional update") {
  auto sec = c.post("/api/v1/namespaces/default/secrets",
                    {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "s"}}}, {"stringData", {{"k", "hello"}}}})
                 .body();
  CHECK(sec["data"]["k"] == "aGVsbG8=");
  CHECK(!sec.contains("stringData"));
  json lease = {{"apiVersion", "coordination.k8s.io/v1"}, {"kind", "Lease"}, {"metadata", {{"name", "l"}}},
                {"spec", {{"holderIdentity", "a"}, {"renewTime", "2026-11-30T09:55:54.436000Z"}}}};
  auto l = c.post("/apis/coordination.k8s.io/v1/namespaces/default/leases", lease).body();
  CHECK(!l["metadata"].contains("generation"));
  lease["spec"]["holderIdentity"] = "b";
  CHECK(c.put("/apis/coordination.k8s.io/v1/namespaces/default/leases/l", lease).status() == 200);
}

TEST_CASE_FIXTURE(Fixture, "scale subresource and table output") {
  REQUIRE(c.post(kPools, pool("s", 2)).status() == 201);
  auto sc = c.get(std::string(kPools) + "/s/scale").body();
  CHECK(sc["kind"] == "Scale");
  CHECK(sc["spec"]["replicas"] == 2);
  sc["spec"]["replicas"] = 5;
  auto put = c.put(std::string(kPools) + "/s/scale", sc);
  CHECK(put.status() == 200);
  CHECK(c.get(std::string(kPools) + "/s").body()["spec"]["gpus"] == 5);
  HttpRequest req = make_request("GET", kPools);
  req.headers["accept"] = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  auto t = json::parse(s.handle(req).body);
  CHECK(t["kind"] == "Table");
  CHECK(t["rows"].size() == 1);
  CHECK(t["columnDefinitions"][0]["name"] == "Name");
}

TEST_CASE_FIXTURE(Fixture, "CRD deletion removes CRs and discovery") {
  REQUIRE(c.post(kPools, pool("a")).status() == 201);
  auto d = c.del("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gpupools.gpupool.io");
  CHECK(d.status() == 200);
  CHECK(c.get(kPools).status() == 404);
  CHECK(c.get("/apis/gpupool.io/v1").status() == 404);
  REQUIRE(s.install_crd(gpupool_crd()).ok);
  CHECK(c.get(kPools).body()["items"].empty());
}

TEST_CASE("auth, injected failures and stats") {
  ApiServerOptions o;
  o.bearer_token = "tok";
  ApiServer s{o};
  Client c{s};
  auto r = c.get("/api/v1/namespaces");
  CHECK(r.status() == 401);
  CHECK(r.body()["reason"] == "Unauthorized");
  c.extra_headers["authorization"] = "Bearer tok";
  CHECK(c.get("/api/v1/namespaces").status() == 200);
  s.fail_next(1, 429, 3, "/api/v1");
  auto f = c.get("/api/v1/namespaces");
  CHECK(f.status() == 429);
  CHECK(f.header("Retry-After") == "3");
  CHECK(f.body()["details"]["retryAfterSeconds"] == 3);
  CHECK(c.get("/api/v1/namespaces").status() == 200);
  auto st = s.stats();
  CHECK(st["objects"]["namespaces"] == 3);
}

TEST_CASE("persistence keeps objects and RV across restarts; old watch RVs expire") {
  auto dir = std::filesystem::temp_directory_path() / ("simkube-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  ApiServerOptions o;
  o.persist_dir = dir.string();
  std::string rv;
  {
    ApiServer s{o};
    Client c{s};
    REQUIRE(s.install_crd(gpupool_crd()).ok);
    rv = c.post(kPools, pool("kept")).body()["metadata"]["resourceVersion"];
  }
  ApiServer s{o};
  Client c{s};
  auto got = c.get(std::string(kPools) + "/kept");
  REQUIRE(got.status() == 200);
  auto next = c.post(kPools, pool("new")).body();
  CHECK(std::stoull(next["metadata"]["resourceVersion"].get<std::string>()) > std::stoull(rv));
  auto w = c.get(std::string(kPools) + "?watch=true&resourceVersion=1");
  REQUIRE(w.raw.stream);
  auto ev = parse_lines(read_events(*w.raw.stream, 1, std::chrono::seconds(2)));
  REQUIRE(ev.size() == 1);
  CHECK(ev[0]["type"] == "ERROR");
  CHECK(ev[0]["object"]["code"] == 410);
  s.shutdown();
  std::filesystem::remove_all(dir);
}

}  // namespace gpupool::sim::kube
