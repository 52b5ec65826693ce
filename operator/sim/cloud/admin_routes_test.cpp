#include "sim/cloud/admin_routes.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "testing/fake_clock.h"

using namespace gpupool;
using namespace gpupool::sim;
using namespace gpupool::sim::cloud;

namespace {
HttpRequest req(std::string method, std::string path, std::string body = "") {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.body = std::move(body);
  return r;
}
}  // namespace

TEST_CASE("admin: capacity, quota, faults, provisioning") {
  testing::FakeClock clock;
  World w(clock);
  auto r = handle_admin(w, req("POST", "/clouds/capacity",
                               R"({"provider":"gke","region":"us-central1","machineType":"a3-highgpu-8g","nodes":0})"));
  CHECK(r.status == 200);
  CHECK(w.capacity("GKE", "us-central1", "a3-highgpu-8g") == 0);
  handle_admin(w, req("POST", "/clouds/capacity", R"({"provider":"GKE","region":"us-central1","machineType":"a3-highgpu-8g"})"));
  CHECK_FALSE(w.capacity("GKE", "us-central1", "a3-highgpu-8g"));

  CHECK(handle_admin(w, req("POST", "/clouds/quota", R"({"provider":"AKS","family":"fam","limit":96})")).status == 200);
  CHECK(w.quota("AKS", "fam") == 96);

  CHECK(handle_admin(w, req("POST", "/clouds/faults",
                            R"({"provider":"GKE","count":3,"status":429,"code":"RESOURCE_EXHAUSTED","retryAfterSeconds":1})"))
            .status == 200);
  auto f = w.take_fault("GKE");
  REQUIRE(f);
  CHECK(f->remaining == 3);
  CHECK(f->code == "RESOURCE_EXHAUSTED");
  CHECK(handle_admin(w, req("DELETE", "/clouds/faults")).status == 200);
  CHECK_FALSE(w.take_fault("GKE"));

  CHECK(handle_admin(w, req("POST", "/clouds/provisioning", R"({"seconds":0.5})")).status == 200);
  CHECK(w.provisioning_time() == std::chrono::milliseconds(500));
}

TEST_CASE("admin: bad input and foreign paths") {
  testing::FakeClock clock;
  World w(clock);
  CHECK(handle_admin(w, req("POST", "/clouds/capacity", "{")).status == 400);
  CHECK(handle_admin(w, req("POST", "/clouds/capacity", R"({"provider":"AWS","region":"r","machineType":"m"})")).status == 400);
  CHECK(handle_admin(w, req("GET", "/apis/foo")).status == 404);
  CHECK(handle_admin(w, req("PUT", "/state")).status == 405);
}

TEST_CASE("admin: GET /state lists pools with ready counts") {
  testing::FakeClock clock;
  World w(clock);
  PoolRecord p;
  p.provider = "GKE";
  p.cluster = "gpu-cluster";
  p.id = p.name = "gp-a";
  p.machine_type = "g2-standard-8";
  p.node_count = 2;
  p.ready_at = {clock.now(), clock.now() + std::chrono::seconds(5)};
  p.labels = {{"gpupool-owner-name", "train"}};
  p.created_by = "sa@p.iam.gserviceaccount.com";
  w.upsert_pool(p);
  w.count_request("GKE", "sa@p.iam.gserviceaccount.com");
  auto r = handle_admin(w, req("GET", "/state"));
  REQUIRE(r.status == 200);
  auto j = nlohmann::json::parse(r.body);
  REQUIRE(j["pools"].size() == 1);
  CHECK(j["pools"][0]["readyNodes"] == 1);
  CHECK(j["pools"][0]["nodeCount"] == 2);
  CHECK(j["pools"][0]["createdBy"] == "sa@p.iam.gserviceaccount.com");
  CHECK(j["requests"][0]["count"] == 1);
}

TEST_CASE("admin: GET /state reports each identity's 1-second peak; reset clears it") {
  testing::FakeClock clock;
  World w(clock);
  w.count_request("OKE", "ocid1.user.a");
  clock.advance(std::chrono::milliseconds(500));
  w.count_request("OKE", "ocid1.user.a");
  clock.advance(std::chrono::milliseconds(600));  // the first request has left the window
  w.count_request("OKE", "ocid1.user.a");
  w.count_request("AKS", "client");
  auto state = [&] { return nlohmann::json::parse(handle_admin(w, req("GET", "/state")).body); };
  auto j = state();
  REQUIRE(j["requests"].size() == 2);
  for (const auto& r : j["requests"]) {
    if (r["provider"] == "OKE") {
      CHECK(r["identity"] == "ocid1.user.a");
      CHECK(r["count"] == 3);
      CHECK(r["maxPerSecond"] == 2);
    } else {
      CHECK(r["provider"] == "AKS");
      CHECK(r["maxPerSecond"] == 1);
    }
  }
  CHECK(handle_admin(w, req("POST", "/clouds/reset")).status == 200);
  CHECK(state()["requests"].empty());
}

TEST_CASE("admin: GET /state lists the faults still armed") {
  testing::FakeClock clock;
  World w(clock);
  handle_admin(w, req("POST", "/clouds/faults", R"({"provider":"AKS","count":2,"status":503})"));
  handle_admin(w, req("POST", "/clouds/faults", R"({"provider":"GKE","count":1,"status":429})"));
  w.take_fault("AKS");
  auto j = nlohmann::json::parse(handle_admin(w, req("GET", "/state")).body);
  REQUIRE(j["faults"].size() == 2);
  CHECK(j["faults"][0] == nlohmann::json({{"provider", "AKS"}, {"remaining", 1}, {"status", 503}}));
  CHECK(j["faults"][1]["provider"] == "GKE");
  w.take_fault("AKS");
  w.take_fault("GKE");
  CHECK(nlohmann::json::parse(handle_admin(w, req("GET", "/state")).body)["faults"].empty());
}

TEST_CASE("admin: GET /state reports autoscaler bounds per pool, null when not autoscaled") {
  testing::FakeClock clock;
  World w(clock);
  PoolRecord fixed;
  fixed.provider = "OKE";
  fixed.cluster = "c";
  fixed.id = "fixed";
  w.upsert_pool(fixed);
  PoolRecord scaled = fixed;
  scaled.provider = "AKS";
  scaled.id = "scaled";
  scaled.autoscaling = true;
  scaled.min_nodes = 1;
  scaled.max_nodes = 2;
  w.upsert_pool(scaled);
  auto pools = nlohmann::json::parse(handle_admin(w, req("GET", "/state")).body)["pools"];
  REQUIRE(pools.size() == 2);  // sorted by (provider, cluster, id): AKS first
  CHECK(pools[0]["autoscaling"] == true);
  CHECK(pools[0]["minNodes"] == 1);
  CHECK(pools[0]["maxNodes"] == 2);
  CHECK(pools[1]["autoscaling"] == false);
  CHECK(pools[1]["minNodes"].is_null());
  CHECK(pools[1]["maxNodes"].is_null());
}

TEST_CASE("admin: GET /state counts writes per provider and method, zeros included; reset clears them") {
  testing::FakeClock clock;
  World w(clock);
  w.count_request("GKE", "sa", "POST");
  w.count_request("CoreWeave", "token", "PATCH");
  w.count_request("CoreWeave", "token");  // a read
  auto writes = [&] { return nlohmann::json::parse(handle_admin(w, req("GET", "/state")).body)["writes"]; };
  auto zero = nlohmann::json{{"POST", 0}, {"PUT", 0}, {"PATCH", 0}, {"DELETE", 0}};
  auto j = writes();
  CHECK(j.size() == 4);
  CHECK(j["GKE"] == nlohmann::json{{"POST", 1}, {"PUT", 0}, {"PATCH", 0}, {"DELETE", 0}});
  CHECK(j["CoreWeave"] == nlohmann::json{{"POST", 0}, {"PUT", 0}, {"PATCH", 1}, {"DELETE", 0}});
  CHECK(j["AKS"] == zero);
  CHECK(j["OKE"] == zero);
  CHECK(handle_admin(w, req("POST", "/clouds/reset")).status == 200);
  const auto after = writes();  // a named copy: items() must not outlive it
  CHECK(after.size() == 4);
  for (const auto& [provider, methods] : after.items()) CHECK_MESSAGE(methods == zero, provider);
}
