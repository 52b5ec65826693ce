#include "sim/coreweave/coreweave_sim.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "sim/coreweave/controller.h"
#include "sim/coreweave/nodepool_crd.h"
#include "testing/fake_clock.h"

using namespace gpupool;
using namespace gpupool::sim;
using namespace gpupool::sim::coreweave;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {
const std::string kPools = kNodePoolsPath;

json pool(const std::string& name, const std::string& type, int target) {
  return {{"apiVersion", "compute.coreweave.com/v1alpha1"},
          {"kind", "NodePool"},
          {"metadata", {{"name", name}, {"labels", {{"gpupool-owner-name", "train"}}}}},
          {"spec", {{"instanceType", type}, {"targetNodes", target}}}};
}

struct Env {
  testing::FakeClock clock;
  cloud::World world{clock};
  CoreweaveSim sim{world};

  Env() { world.set_provisioning_time(10s); }

  HttpResponse call(const std::string& method, const std::string& path, const json& body = nullptr,
                    const std::string& token = "", const std::string& type = "application/json") {
    HttpRequest r;
    r.method = method;
    r.path = path;
    r.headers["authorization"] = "Bearer " + (token.empty() ? sim.token() : token);
    if (!body.is_null()) {
      r.body = body.dump();
      r.headers["content-type"] = type;
    }
    return sim.handle(r);
  }
  json get(const std::string& name) { return json::parse(call("GET", kPools + "/" + name).body); }
  int merge(const std::string& name, const json& patch) {
    return call("PATCH", kPools + "/" + name, patch, "", "application/merge-patch+json").status;
  }
  // Two passes: the first adds the finalizer, the second sizes the pool.
  void settle() {
    sim.reconcile_now();
    sim.reconcile_now();
  }
  json condition(const std::string& name, const std::string& type) {
    const json p = get(name);  // keep the object alive for the loop
    for (const auto& c : p["status"]["conditions"])
      if (c["type"] == type) return c;
    return nullptr;
  }
};
}  // namespace

TEST_CASE("managed auth: CW-SECRET bearer token, 403 for anything else") {
  Env e;
  CHECK(e.sim.token().rfind("CW-SECRET-", 0) == 0);
  auto bad = e.call("GET", kPools, nullptr, "CW-SECRET-wrong");
  CHECK(bad.status == 403);
  CHECK(json::parse(bad.body)["reason"] == "Forbidden");
  CHECK(e.call("GET", kPools).status == 200);
  CHECK(e.world.requests("CoreWeave", "anonymous") == 1);
  CHECK(e.world.requests("CoreWeave", "cks-admin@gpupool.example") == 1);
}

TEST_CASE("NodePool admission: immutable instanceType, racks of 18, no autoscaling on racks") {
  Env e;
  REQUIRE(e.call("POST", kPools, pool("h100", "gd-8xh100ib-i128", 2)).status == 201);
  CHECK(e.get("h100")["spec"]["computeClass"] == "default");
  CHECK(e.get("h100")["spec"]["lifecycle"]["scaleDownStrategy"] == "IdleOnly");
  auto change = e.call("PATCH", kPools + "/h100", {{"spec", {{"instanceType", "b200-8x"}}}}, "",
                       "application/merge-patch+json");
  CHECK(change.status == 422);
  CHECK(json::parse(change.body)["message"].get<std::string>().find("instanceType is immutable") != std::string::npos);
  CHECK(e.call("POST", kPools, pool("gb-partial", "gb200-4x", 20)).status == 422);
  CHECK(e.call("POST", kPools, pool("gb-rack", "gb200-4x", 36)).status == 201);
  json as = pool("gb-auto", "gb200-4x", 18);
  as["spec"]["autoscaling"] = true;
  auto refused = e.call("POST", kPools, as);
  CHECK(refused.status == 422);
  CHECK(json::parse(refused.body)["message"].get<std::string>().find("autoscaling is not supported") != std::string::npos);
  json both = pool("both", "gb200-4x", 18);
  both["spec"]["targetRacks"] = 1;
  CHECK(e.call("POST", kPools, both).status == 422);
  json racks = pool("racks", "gb300-4x", 0);
  racks["spec"].erase("targetNodes");
  racks["spec"]["targetRacks"] = 2;
  CHECK(e.call("POST", kPools, racks).status == 201);
  json no_type = pool("untyped", "x", 1);
  no_type["spec"].erase("instanceType");
  CHECK(e.call("POST", kPools, no_type).status == 422);
}

TEST_CASE("controller: currentNodes follows targetNodes over the provisioning time") {
  Env e;
  REQUIRE(e.call("POST", kPools, pool("a", "gd-8xh100ib-i128", 2)).status == 201);
  e.settle();
  json a = e.get("a");
  CHECK(a["metadata"]["finalizers"] == json::array({kFinalizer}));
  CHECK(a["status"]["currentNodes"] == 0);
  CHECK(e.condition("a", "AtTarget")["reason"] == "ScalingUp");
  CHECK(e.condition("a", "AtTarget")["observedGeneration"] == a["metadata"]["generation"]);
  e.clock.advance(5s);
  e.sim.reconcile_now();
  CHECK(e.get("a")["status"]["currentNodes"] == 1);
  e.clock.advance(5s);
  e.sim.reconcile_now();
  CHECK(e.get("a")["status"]["currentNodes"] == 2);
  CHECK(e.condition("a", "AtTarget")["status"] == "True");
  CHECK(e.condition("a", "AtTarget")["reason"] == "TargetMet");
  auto pools = e.world.pools("CoreWeave");
  REQUIRE(pools.size() == 1);
  CHECK(pools[0].node_count == 2);
  CHECK(pools[0].created_by == "cks-admin@gpupool.example");
  CHECK(pools[0].labels.at("gpupool-owner-name") == "train");
  CHECK(pools[0].region == "US-EAST-04A");

  std::string rv = e.get("a")["metadata"]["resourceVersion"];
  e.sim.reconcile_now();  // nothing changed: no write
  CHECK(e.get("a")["metadata"]["resourceVersion"] == rv);
}

TEST_CASE("controller: capacity stalls below target; quota fails validation") {
  Env e;
  e.world.set_capacity("CoreWeave", "US-EAST-04A", "gd-8xh100ib-i128", 1);
  REQUIRE(e.call("POST", kPools, pool("cap", "gd-8xh100ib-i128", 3)).status == 201);
  e.settle();
  e.clock.advance(10s);
  e.sim.reconcile_now();
  CHECK(e.get("cap")["status"]["currentNodes"] == 1);
  json at = e.condition("cap", "AtTarget");
  CHECK(at["status"] == "False");
  CHECK(at["reason"] == "InsufficientCapacity");
  CHECK(at["message"].get<std::string>().find("insufficient capacity") != std::string::npos);

  e.world.set_quota("CoreWeave", "b200-8x", 2);
  REQUIRE(e.call("POST", kPools, pool("quota", "b200-8x", 3)).status == 201);
  e.settle();
  CHECK(e.condition("quota", "Validated")["reason"] == "QuotaExceeded");
  CHECK(e.condition("quota", "AtTarget")["reason"] == "QuotaExceeded");
  e.clock.advance(10s);
  e.sim.reconcile_now();
  CHECK(e.get("quota")["status"]["currentNodes"] == 0);  // no partial fill
  CHECK(e.merge("quota", {{"spec", {{"targetNodes", 2}}}}) == 200);
  e.sim.reconcile_now();
  CHECK(e.condition("quota", "Validated")["status"] == "True");
}

TEST_CASE("controller: IdleOnly scale-down keeps busy nodes, PreferIdle does not") {
  Env e;
  REQUIRE(e.call("POST", kPools, pool("idle", "gd-8xh100ib-i128", 3)).status == 201);
  e.settle();
  e.clock.advance(10s);
  e.sim.reconcile_now();
  REQUIRE(e.get("idle")["status"]["currentNodes"] == 3);
  e.sim.set_busy_nodes(2);
  CHECK(e.merge("idle", {{"spec", {{"targetNodes", 0}}}}) == 200);
  e.sim.reconcile_now();
  CHECK(e.get("idle")["status"]["currentNodes"] == 2);
  CHECK(e.condition("idle", "AtTarget")["reason"] == "WaitingForIdleNodes");
  CHECK(e.merge("idle", {{"spec", {{"lifecycle", {{"scaleDownStrategy", "PreferIdle"}}}}}}) == 200);
  e.sim.reconcile_now();
  CHECK(e.get("idle")["status"]["currentNodes"] == 0);
  CHECK(e.condition("idle", "AtTarget")["reason"] == "TargetMet");
}

TEST_CASE("controller: autoscaling clamps targetNodes into minNodes..maxNodes") {
  Env e;
  json p = pool("auto", "gd-8xh100ib-i128", 1);
  p["spec"]["autoscaling"] = true;
  p["spec"]["minNodes"] = 2;
  p["spec"]["maxNodes"] = 4;
  REQUIRE(e.call("POST", kPools, p).status == 201);
  e.settle();
  e.sim.reconcile_now();
  CHECK(e.get("auto")["spec"]["targetNodes"] == 2);
}

TEST_CASE("delete goes through the controller's finalizer; stale resourceVersion is 409") {
  Env e;
  REQUIRE(e.call("POST", kPools, pool("d", "gd-8xh100ib-i128", 1)).status == 201);
  e.settle();
  json stale = e.get("d");
  stale["metadata"]["resourceVersion"] = "1";
  auto conflict = e.call("PUT", kPools + "/d", stale);
  CHECK(conflict.status == 409);
  CHECK(json::parse(conflict.body)["reason"] == "Conflict");
  CHECK(e.world.pools("CoreWeave").size() == 1);
  CHECK(e.call("DELETE", kPools + "/d").status == 200);
  CHECK(e.get("d")["metadata"].contains("deletionTimestamp"));
  e.sim.reconcile_now();
  CHECK(e.call("GET", kPools + "/d").status == 404);
  CHECK(e.world.pools("CoreWeave").empty());
}

TEST_CASE("World faults are answered as Kubernetes Status bodies") {
  Env e;
  e.world.add_fault({"CoreWeave", 1, 429, "", "", 2, std::nullopt});
  auto r = e.call("GET", kPools);
  CHECK(r.status == 429);
  CHECK(json::parse(r.body)["reason"] == "TooManyRequests");
  bool retry_after = false;
  for (const auto& [k, v] : r.headers) retry_after = retry_after || (k == "Retry-After" && v == "2");
  CHECK(retry_after);
  e.world.add_fault({"CoreWeave", 1, 200, "", "", 0, std::string("{not json")});
  CHECK(e.call("GET", kPools).body == "{not json");
  CHECK(e.call("GET", kPools).status == 200);
}

TEST_CASE("CKS cluster API lists the cluster with its apiServerEndpoint") {
  Env e;
  e.sim.set_base_url("https://127.0.0.1:9443");
  auto list = json::parse(e.call("GET", "/v1beta1/cks/clusters").body);
  CHECK(list["items"][0]["apiServerEndpoint"] == "https://127.0.0.1:9443");
  CHECK(list["items"][0]["status"] == "STATUS_RUNNING");
  CHECK(e.call("GET", "/v1beta1/cks/clusters/nope").status == 404);
  CHECK(e.call("GET", "/v1beta1/cks/clusters", nullptr, "CW-SECRET-bad").status == 401);
}

TEST_CASE("write_files writes a token kubeconfig") {
  Env e;
  auto dir = std::filesystem::temp_directory_path() / ("cw-sim-" + std::to_string(::getpid()));
  e.sim.write_files(dir.string(), "https://127.0.0.1:7443", "-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n");
  auto path = dir / "coreweave" / "kubeconfig";
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string y = ss.str();
  CHECK(y.find("server: \"https://127.0.0.1:7443\"") != std::string::npos);
  CHECK(y.find("token: \"" + e.sim.token() + "\"") != std::string::npos);
  CHECK(y.find("certificate-authority-data: LS0tLS1CRUdJTi") != std::string::npos);
  CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::group_read) == std::filesystem::perms::none);
  std::filesystem::remove_all(dir);
}

TEST_CASE("the controller thread runs on the World clock") {
  cloud::World world;  // system clock
  world.set_provisioning_time(200ms);
  CoreweaveSimOptions o;
  o.tick = 20ms;
  CoreweaveSim sim{world, o};
  sim.start();
  HttpRequest r;
  r.method = "POST";
  r.path = kPools;
  r.headers["authorization"] = "Bearer " + sim.token();
  r.headers["content-type"] = "application/json";
  r.body = pool("t", "gd-8xl40-i128", 1).dump();
  REQUIRE(sim.handle(r).status == 201);
  CHECK(testing::eventually([&] {
    HttpRequest g;
    g.method = "GET";
    g.path = kPools + "/t";
    g.headers["authorization"] = "Bearer " + sim.token();
    json p = json::parse(sim.handle(g).body);
    return p.contains("status") && p["status"].value("currentNodes", 0) == 1;
  }));
  sim.stop();
}

TEST_CASE("the World gets spec.autoscaling/minNodes/maxNodes and counts the API's writes, not its own controller's") {
  Env e;
  json p = pool("auto", "gd-8xh100ib-i128", 1);
  p["spec"]["autoscaling"] = true;
  p["spec"]["minNodes"] = 1;
  p["spec"]["maxNodes"] = 4;
  REQUIRE(e.call("POST", kPools, p).status == 201);
  e.settle();  // the controller's finalizer and status PATCHes do not go through the API handler
  auto rec = [&] { return e.world.pools("CoreWeave").at(0); };
  CHECK(rec().autoscaling);
  CHECK(rec().min_nodes == 1);
  CHECK(rec().max_nodes == 4);
  REQUIRE(e.merge("auto", {{"spec", {{"maxNodes", 3}}}}) == 200);
  e.sim.reconcile_now();
  CHECK(rec().max_nodes == 3);
  REQUIRE(e.merge("auto", {{"spec", {{"autoscaling", false}}}}) == 200);
  e.sim.reconcile_now();
  CHECK_FALSE(rec().autoscaling);
  CHECK_FALSE(rec().min_nodes);
  e.get("auto");
  CHECK(e.world.writes()["CoreWeave"] == std::map<std::string, long>{{"POST", 1}, {"PATCH", 2}});
}
