#include "sim/oke/oke_sim.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "sim/oke/sign_for_test.h"
#include "testing/fake_clock.h"

using namespace gpupool;
using namespace gpupool::sim;
using namespace gpupool::sim::oke;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {
struct Env {
  testing::FakeClock clock;
  cloud::World world{clock};
  OkeSim sim{world};
  ApiKey key = sim.api_key();

  HttpResponse call(const std::string& method, const std::string& target, const std::string& body = "",
                    std::map<std::string, std::string> extra = {}) {
    auto r = testsign::make(key.key_id(), key.private_key_pem, method, target, body, {true, clock.wall_now()});
    for (auto& [k, val] : extra) r.headers[k] = val;
    return sim.handle(r);
  }
  std::string header(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, val] : r.headers)
      if (k == name) return val;
    return "";
  }
  json create_body(int size, const std::string& name = "gpu-a10") const {
    const auto& o = sim.options();
    return {{"compartmentId", o.compartment_id}, {"clusterId", o.cluster_id}, {"name", name},
            {"nodeShape", "VM.GPU.A10.1"}, {"freeformTags", {{"gpupool-owner-uid", "u1"}}},
            {"nodeConfigDetails", {{"size", size}, {"placementConfigs",
              json::array({{{"availabilityDomain", o.availability_domains[0]}, {"subnetId", o.subnet_ids[0]}}})}}}};
  }
  // Creates a pool and returns {work request id, pool OCID}.
  std::pair<std::string, std::string> create(int size, const std::string& token = "") {
    auto r = call("POST", "/20180222/nodePools", create_body(size).dump(), token.empty() ? std::map<std::string, std::string>{} : std::map<std::string, std::string>{{"opc-retry-token", token}});
    REQUIRE_MESSAGE(r.status == 202, r.body);
    std::string wr = header(r, "opc-work-request-id");
    auto w = json::parse(call("GET", "/20180222/workRequests/" + wr).body);
    return {wr, w["resources"][0]["identifier"].get<std::string>()};
  }
  std::string wr_status(const std::string& wr) { return json::parse(call("GET", "/20180222/workRequests/" + wr).body)["status"]; }
};
}  // namespace

TEST_CASE("create: 202 + work request ACCEPTED -> IN_PROGRESS -> SUCCEEDED; nodes become ACTIVE") {
  Env env;
  env.world.set_provisioning_time(10s);
  auto [wr, id] = env.create(2);
  CHECK(env.wr_status(wr) == "ACCEPTED");
  env.clock.advance(2s);
  auto w = env.call("GET", "/20180222/workRequests/" + wr);
  CHECK(json::parse(w.body)["status"] == "IN_PROGRESS");
  CHECK(env.header(w, "retry-after") == "1");
  env.clock.advance(9s);
  CHECK(env.wr_status(wr) == "SUCCEEDED");
  auto g = env.call("GET", "/20180222/nodePools/" + id);
  REQUIRE(g.status == 200);
  CHECK_FALSE(env.header(g, "etag").empty());
  json np = json::parse(g.body);
  CHECK(np["lifecycleState"] == "ACTIVE");
  REQUIRE(np["nodes"].size() == 2);
  CHECK(np["nodes"][0]["lifecycleState"] == "ACTIVE");
  CHECK(env.world.pools("OKE").size() == 1);
}

TEST_CASE("unsigned, wrongly signed or stale requests get 401 NotAuthenticated") {
  Env env;
  HttpRequest bare;
  bare.method = "GET";
  bare.path = bare.raw_target = "/20180222/nodePools?compartmentId=x";
  auto r = env.sim.handle(bare);
  CHECK(r.status == 401);
  CHECK(json::parse(r.body)["code"] == "NotAuthenticated");
  ApiKey stranger = generate_api_key(env.key.tenancy, env.key.user);
  auto s = testsign::make(env.key.key_id(), stranger.private_key_pem, "GET", "/20180222/nodePools?compartmentId=x", "",
                          {true, env.clock.wall_now()});
  CHECK(env.sim.handle(s).status == 401);
  auto old = testsign::make(env.key.key_id(), env.key.private_key_pem, "GET", "/20180222/nodePools?compartmentId=x", "",
                            {true, env.clock.wall_now() - 10min});
  CHECK(env.sim.handle(old).status == 401);
}

TEST_CASE("one work request at a time: a second mutation is 409 IncorrectState") {
  Env env;
  env.world.set_provisioning_time(10s);
  auto [wr, id] = env.create(1);
  auto second = env.call("POST", "/20180222/nodePools", env.create_body(1, "other").dump());
  CHECK(second.status == 409);
  CHECK(json::parse(second.body)["code"] == "IncorrectState");
  env.clock.advance(11s);
  CHECK(env.call("POST", "/20180222/nodePools", env.create_body(1, "other").dump()).status == 202);
}

TEST_CASE("retry tokens: same body replays the work request, a different body is 409") {
  Env env;
  auto [wr, id] = env.create(1, "tok-1");
  auto again = env.call("POST", "/20180222/nodePools", env.create_body(1).dump(), {{"opc-retry-token", "tok-1"}});
  CHECK(again.status == 202);
  CHECK(env.header(again, "opc-work-request-id") == wr);
  auto other = env.call("POST", "/20180222/nodePools", env.create_body(2).dump(), {{"opc-retry-token", "tok-1"}});
  CHECK(other.status == 409);
  CHECK(env.world.pools("OKE").size() == 1);
}

TEST_CASE("stockout: the work request FAILS with Out of host capacity; nodes carry nodeError") {
  Env env;
  env.world.set_capacity("OKE", "us-ashburn-1", "VM.GPU.A10.1", 0);
  auto [wr, id] = env.create(2);
  env.clock.advance(3s);
  CHECK(env.wr_status(wr) == "FAILED");
  auto errors = json::parse(env.call("GET", "/20180222/workRequests/" + wr + "/errors?compartmentId=" +
                                         env.sim.options().compartment_id).body);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0]["message"].get<std::string>().find("Out of host capacity.") != std::string::npos);
  json np = json::parse(env.call("GET", "/20180222/nodePools/" + id).body);
  CHECK(np["lifecycleState"] == "NEEDS_ATTENTION");
  CHECK(np["nodes"][0]["nodeError"]["message"] == "Out of host capacity.");
  CHECK(env.world.pools("OKE")[0].node_count == 0);
}

TEST_CASE("quota: synchronous 400 LimitExceeded") {
  Env env;
  env.world.set_quota("OKE", "gpu-a10-count", 1);
  auto r = env.call("POST", "/20180222/nodePools", env.create_body(2).dump());
  CHECK(r.status == 400);
  CHECK(json::parse(r.body)["code"] == "LimitExceeded");
}

TEST_CASE("update with a stale if-match is 412; resize and delete go through work requests") {
  Env env;
  auto [wr, id] = env.create(1);
  env.clock.advance(3s);
  std::string etag = env.header(env.call("GET", "/20180222/nodePools/" + id), "etag");
  json resize = {{"nodeConfigDetails", {{"size", 2}}}};
  CHECK(env.call("PUT", "/20180222/nodePools/" + id, resize.dump(), {{"if-match", "stale"}}).status == 412);
  auto put = env.call("PUT", "/20180222/nodePools/" + id, resize.dump(), {{"if-match", etag}});
  REQUIRE(put.status == 202);
  env.clock.advance(3s);
  json np = json::parse(env.call("GET", "/20180222/nodePools/" + id).body);
  CHECK(np["nodeConfigDetails"]["size"] == 2);
  CHECK(np["nodes"].size() == 2);
  auto del = env.call("DELETE", "/20180222/nodePools/" + id);
  REQUIRE(del.status == 202);
  env.clock.advance(3s);
  CHECK(json::parse(env.call("GET", "/20180222/nodePools/" + id).body)["lifecycleState"] == "DELETED");
  CHECK(env.call("DELETE", "/20180222/nodePools/" + id).status == 404);
  CHECK(env.world.pools("OKE").empty());
  env.clock.advance(10min);
  CHECK(env.call("GET", "/20180222/nodePools/" + id).status == 404);
}

TEST_CASE("lists are bare arrays paged by opc-next-page; bad bodies and unknown ids are rejected") {
  Env env;
  for (int i = 0; i < 3; ++i) {
    env.create(0);
    env.clock.advance(3s);
  }
  std::string base = "/20180222/nodePools?compartmentId=" + env.sim.options().compartment_id + "&limit=2";
  auto p1 = env.call("GET", base);
  CHECK(json::parse(p1.body).size() == 2);
  std::string next = env.header(p1, "opc-next-page");
  REQUIRE_FALSE(next.empty());
  auto p2 = env.call("GET", base + "&page=" + next);
  CHECK(json::parse(p2.body).size() == 1);
  CHECK(env.header(p2, "opc-next-page").empty());
  CHECK(env.call("POST", "/20180222/nodePools", "{not json").status == 400);
  json bad_shape = env.create_body(1);
  bad_shape["nodeShape"] = "BM.GPU.NOPE";
  CHECK(json::parse(env.call("POST", "/20180222/nodePools", bad_shape.dump()).body)["code"] == "InvalidParameter");
  auto missing = env.call("GET", "/20180222/nodePools/ocid1.nodepool.oc1.iad.nope");
  CHECK(missing.status == 404);
  CHECK(json::parse(missing.body)["code"] == "NotAuthorizedOrNotFound");
}

TEST_CASE("world faults answer 429 TooManyRequests with retry-after") {
  Env env;
  env.world.add_fault({"OKE", 1, 429, "", "", 2, std::nullopt});
  auto r = env.call("GET", "/20180222/nodePools?compartmentId=x");
  CHECK(r.status == 429);
  CHECK(json::parse(r.body)["code"] == "TooManyRequests");
  CHECK(env.header(r, "retry-after") == "2");
}

TEST_CASE("write_files: OCI config, key and cluster.json") {
  Env env;
  auto dir = std::filesystem::temp_directory_path() / ("oke-sim-test-" + std::to_string(::getpid()));
  env.sim.write_files(dir.string(), "https://127.0.0.1:9999");
  std::ifstream cfg(dir / "oke" / "config");
  std::string text((std::istreambuf_iterator<char>(cfg)), {});
  CHECK(text.rfind("[DEFAULT]\n", 0) == 0);
  CHECK(text.find("fingerprint=" + env.key.fingerprint) != std::string::npos);
  CHECK(text.find("key_file=" + (dir / "oke" / "oci_api_key.pem").string()) != std::string::npos);
  std::ifstream cj(dir / "oke" / "cluster.json");
  json c = json::parse(cj);
  CHECK(c["clusterId"] == env.sim.options().cluster_id);
  CHECK(c["subnetIds"].size() == 1);
  CHECK(std::filesystem::exists(dir / "oke" / "oci_api_key.pem"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("identity: ListAvailabilityDomains is signed, needs compartmentId and lists the region's ADs") {
  Env env;
  const auto& o = env.sim.options();
  auto r = env.call("GET", "/20160918/availabilityDomains?compartmentId=" + env.key.tenancy);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK_FALSE(env.header(r, "opc-request-id").empty());
  json ads = json::parse(r.body);
  REQUIRE(ads.is_array());
  REQUIRE(ads.size() == o.availability_domains.size());
  for (std::size_t i = 0; i < ads.size(); ++i) {
    CHECK(ads[i]["name"] == o.availability_domains[i]);
    CHECK(ads[i]["compartmentId"] == env.key.tenancy);
    CHECK(ads[i]["id"].get<std::string>().rfind("ocid1.availabilitydomain.oc1..", 0) == 0);
  }
  // The node-pool compartment is accepted too; the OCIDs are stable.
  auto again = env.call("GET", "/20160918/availabilityDomains?compartmentId=" + o.compartment_id);
  REQUIRE(again.status == 200);
  CHECK(json::parse(again.body)[0]["id"] == ads[0]["id"]);

  auto missing = env.call("GET", "/20160918/availabilityDomains");
  CHECK(missing.status == 400);
  CHECK(json::parse(missing.body)["code"] == "MissingParameter");
  auto other = env.call("GET", "/20160918/availabilityDomains?compartmentId=ocid1.tenancy.oc1..someoneelse");
  CHECK(other.status == 404);
  CHECK(json::parse(other.body)["code"] == "NotAuthorizedOrNotFound");
  CHECK(env.call("POST", "/20160918/availabilityDomains?compartmentId=" + env.key.tenancy, "{}").status == 405);
  CHECK(env.call("GET", "/20160918/compartments?compartmentId=" + env.key.tenancy).status == 404);

  HttpRequest bare;  // unsigned
  bare.method = "GET";
  bare.path = "/20160918/availabilityDomains";
  bare.raw_target = bare.path + "?compartmentId=" + env.key.tenancy;
  bare.query.emplace("compartmentId", env.key.tenancy);
  auto unsigned_r = env.sim.handle(bare);
  CHECK(unsigned_r.status == 401);
  CHECK(json::parse(unsigned_r.body)["code"] == "NotAuthenticated");
}
