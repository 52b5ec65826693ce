#include "sim/gke/gke_sim.h"

#include <doctest/doctest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "sim/server/url_codec.h"
#include "testing/fake_clock.h"

using namespace gpupool;
using namespace gpupool::sim;
using namespace gpupool::sim::gke;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {
const std::string kBase = "https://127.0.0.1:4443";
const std::string kCluster = "/v1/projects/gpupool-test/locations/us-central1/clusters/gpu-cluster";

std::string b64url(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (auto& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

// The test's own RS256 signer (like an SDK would do).
std::string sign_jwt(const std::string& pem, const json& header, const json& claims) {
  std::string input = b64url(header.dump()) + "." + b64url(claims.dump());
  std::unique_ptr<BIO, decltype(&BIO_free)> b(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> k(PEM_read_bio_PrivateKey(b.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::size_t len = 0;
  EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, k.get());
  EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  std::string sig(len, '\0');
  EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                 reinterpret_cast<const unsigned char*>(input.data()), input.size());
  sig.resize(len);
  return input + "." + b64url(sig);
}

struct Env {
  testing::FakeClock clock;
  cloud::World world{clock};
  GkeSim sim{world, [] {
               GkeSimOptions o;
               o.base_url = kBase;
               return o;
             }()};
  json key = json::parse(sim.service_account_json());
  std::string token;

  long now_s() const { return std::chrono::duration_cast<std::chrono::seconds>(clock.wall_now().time_since_epoch()).count(); }

  HttpResponse call(const std::string& method, const std::string& path, const std::string& body = "",
                    const std::string& bearer = "") {
    HttpRequest r;
    r.method = method;
    auto q = path.find('?');
    r.path = path.substr(0, q);
    if (q != std::string::npos) r.query = parse_query(path.substr(q + 1));
    r.body = body;
    if (!bearer.empty() || !token.empty()) r.headers["authorization"] = "Bearer " + (bearer.empty() ? token : bearer);
    return sim.handle(r);
  }
  HttpResponse exchange(const std::string& aud, long iat, long life = 3600) {
    auto jwt = sign_jwt(key["private_key"], {{"alg", "RS256"}},
                        {{"iss", key["client_email"]}, {"scope", "https://www.googleapis.com/auth/cloud-platform"},
                         {"aud", aud}, {"iat", iat}, {"exp", iat + life}});
    return call("POST", "/token", "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" + jwt);
  }
  void login() { token = json::parse(exchange(kBase + "/token", now_s()).body)["access_token"]; }
  json create(const std::string& name, int nodes, const std::string& machine = "g2-standard-8") {
    json body = {{"nodePool", {{"name", name}, {"initialNodeCount", nodes}, {"locations", {"us-central1-a", "us-central1-b"}},
                               {"config", {{"machineType", machine}, {"resourceLabels", {{"gpupool-owner-name", "train"}}}}}}}};
    auto r = call("POST", kCluster + "/nodePools", body.dump());
    CAPTURE(r.body);
    return json::parse(r.body);
  }
};
}  // namespace

TEST_CASE("token endpoint verifies the assertion") {
  Env e;
  CHECK(e.exchange(kBase + "/token", e.now_s()).status == 200);
  CHECK(e.exchange("https://oauth2.googleapis.com/token", e.now_s()).status == 200);  // google-auth-library's aud
  auto wrong_aud = e.exchange("https://elsewhere/token", e.now_s());
  CHECK(wrong_aud.status == 400);
  CHECK(json::parse(wrong_aud.body)["error"] == "invalid_grant");
  CHECK(e.exchange(kBase + "/token", e.now_s(), 7200).status == 400);        // > 1 h
  CHECK(e.exchange(kBase + "/token", e.now_s() - 7200).status == 400);       // expired
  auto reply = json::parse(e.exchange(kBase + "/token", e.now_s()).body);
  CHECK(reply["token_type"] == "Bearer");
  CHECK(reply["expires_in"] == 3599);
}

TEST_CASE("API calls need a valid, unexpired bearer") {
  Env e;
  auto r = e.call("GET", kCluster + "/nodePools");
  CHECK(r.status == 401);
  CHECK(json::parse(r.body)["error"]["status"] == "UNAUTHENTICATED");
  e.sim.set_token_lifetime(60s);
  e.login();
  CHECK(e.call("GET", kCluster + "/nodePools").status == 200);
  e.clock.advance(61s);
  CHECK(e.call("GET", kCluster + "/nodePools").status == 401);
  // A self-signed JWT (GAPIC clients) is accepted as a bearer.
  auto self = sign_jwt(e.key["private_key"], {{"alg", "RS256"}, {"typ", "JWT"}, {"kid", e.key["private_key_id"]}},
                       {{"iss", e.key["client_email"]}, {"sub", e.key["client_email"]},
                        {"scope", "https://www.googleapis.com/auth/cloud-platform"}, {"iat", e.now_s()},
                        {"exp", e.now_s() + 3600}});
  CHECK(e.call("GET", kCluster + "/nodePools", "", self).status == 200);
}

TEST_CASE("operations run PENDING -> RUNNING -> DONE and nodes become ready") {
  Env e;
  e.login();
  e.world.set_provisioning_time(10s);
  auto op = e.create("gpu-l4", 1);
  CHECK(op["operationType"] == "CREATE_NODE_POOL");
  CHECK(op["status"] == "PENDING");
  CHECK(op["name"].get<std::string>().rfind("operation-", 0) == 0);
  auto op_path = "/v1/projects/gpupool-test/locations/us-central1/operations/" + op["name"].get<std::string>();
  e.clock.advance(2s);
  CHECK(json::parse(e.call("GET", op_path).body)["status"] == "RUNNING");
  // While it runs, another mutation is refused.
  auto busy = e.call("POST", kCluster + "/nodePools/gpu-l4:setSize", R"({"nodeCount":2})");
  CHECK(busy.status == 400);
  CHECK(json::parse(busy.body)["error"]["errors"][0]["reason"] == "failedPrecondition");
  e.clock.advance(8s);
  auto done = json::parse(e.call("GET", op_path).body);
  CHECK(done["status"] == "DONE");
  CHECK(done.contains("endTime"));
  auto pool = json::parse(e.call("GET", kCluster + "/nodePools/gpu-l4").body);
  CHECK(pool["status"] == "RUNNING");
  CHECK(pool["config"]["accelerators"][0]["acceleratorCount"] == "1");
  REQUIRE(pool["instanceGroupUrls"].size() == 2);
  auto igm = pool["instanceGroupUrls"][0].get<std::string>().substr(kBase.size());
  CHECK(json::parse(e.call("GET", igm).body)["targetSize"] == 1);
  auto mis = json::parse(e.call("POST", igm + "/listManagedInstances").body)["managedInstances"];
  REQUIRE(mis.size() == 1);
  CHECK(mis[0]["instanceStatus"] == "RUNNING");
  REQUIRE(e.world.pools().size() == 1);
  CHECK(e.world.ready_nodes(e.world.pools()[0]) == 2);  // per zone x 2 zones

  auto resize = json::parse(e.call("POST", kCluster + "/nodePools/gpu-l4:setSize", R"({"nodeCount":3})").body);
  CHECK(resize["operationType"] == "SET_NODE_POOL_SIZE");
  e.clock.advance(10s);
  pool = json::parse(e.call("GET", kCluster + "/nodePools/gpu-l4").body);
  CHECK(pool["initialNodeCount"] == 1);  // frozen after create
  CHECK(json::parse(e.call("GET", igm).body)["targetSize"] == 3);
  CHECK(e.world.pools()[0].node_count == 6);
}

TEST_CASE("404, 409 and bad accelerators in Google's format") {
  Env e;
  e.login();
  e.world.set_provisioning_time(0s);
  auto nf = e.call("GET", kCluster + "/nodePools/nope");
  CHECK(nf.status == 404);
  CHECK(json::parse(nf.body)["error"]["status"] == "NOT_FOUND");
  e.create("gpu-a", 1);
  auto dup = e.call("POST", kCluster + "/nodePools", json{{"nodePool", {{"name", "gpu-a"}}}}.dump());
  CHECK(dup.status == 409);
  CHECK(json::parse(dup.body)["error"]["status"] == "ALREADY_EXISTS");
  json bad = {{"nodePool", {{"name", "gpu-b"}, {"config", {{"machineType", "a3-highgpu-8g"},
                                                           {"accelerators", {{{"acceleratorType", "nvidia-h100-80gb"}, {"acceleratorCount", "4"}}}}}}}}};
  CHECK(e.call("POST", kCluster + "/nodePools", bad.dump()).status == 400);
}

TEST_CASE("stockout fails the operation and leaves an ERROR pool") {
  Env e;
  e.login();
  e.world.set_provisioning_time(1s);
  e.world.set_capacity("GKE", "us-central1", "a3-highgpu-8g", 0);
  auto op = e.create("gpu-h100", 1, "a3-highgpu-8g");
  e.clock.advance(2s);
  auto done = json::parse(e.call("GET", "/v1/projects/gpupool-test/locations/us-central1/operations/" + op["name"].get<std::string>()).body);
  CHECK(done["status"] == "DONE");
  CHECK(done["nodepoolConditions"][0]["code"] == "GCE_STOCKOUT");
  CHECK(done["statusMessage"].get<std::string>().find("does not have enough resources") != std::string::npos);
  auto pool = json::parse(e.call("GET", kCluster + "/nodePools/gpu-h100").body);
  CHECK(pool["status"] == "ERROR");
}

TEST_CASE("quota on create answers 403 at once") {
  Env e;
  e.login();
  e.world.set_quota("GKE", "NVIDIA_H100_GPUS", 8);
  json body = {{"nodePool", {{"name", "gpu-h100"}, {"initialNodeCount", 1}, {"locations", {"us-central1-a", "us-central1-b"}},
                             {"config", {{"machineType", "a3-highgpu-8g"}}}}}};
  auto r = e.call("POST", kCluster + "/nodePools", body.dump());
  CHECK(r.status == 403);
  CHECK(json::parse(r.body)["error"]["message"].get<std::string>().find("NVIDIA_H100_GPUS") != std::string::npos);
}

TEST_CASE("REST-fallback clients: numeric enums in, numeric enums out") {
  Env e;
  e.login();
  json body = json::parse(R"({"nodePool":{"locations":["us-central1-a"],"name":"gpu-l4","config":{"metadata":{},
    "labels":{"gpupool.io/pool":"infer"},"accelerators":[{"acceleratorCount":"1","acceleratorType":"nvidia-l4"}],
    "taints":[{"key":"nvidia.com/gpu","value":"present","effect":1}],"resourceLabels":{},"machineType":"g2-standard-8"},
    "initialNodeCount":1}})");
  auto r = e.call("POST", kCluster + "/nodePools?$alt=json;enum-encoding=int", body.dump());
  REQUIRE(r.status == 200);
  auto op = json::parse(r.body);
  CHECK(op["operationType"] == 7);
  auto named = json::parse(e.call("GET", kCluster + "/nodePools/gpu-l4").body);
  CHECK(named["config"]["taints"][0]["effect"] == "NO_SCHEDULE");
  auto ints = json::parse(e.call("GET", kCluster + "/nodePools/gpu-l4?$alt=json;enum-encoding=int").body);
  CHECK(ints["config"]["taints"][0]["effect"] == 1);
}

TEST_CASE("faults from the world are answered in Google's format") {
  Env e;
  e.login();
  e.world.add_fault({"GKE", 1, 429, "RESOURCE_EXHAUSTED", "", 2, std::nullopt});
  auto r = e.call("GET", kCluster + "/nodePools");
  CHECK(r.status == 429);
  bool has_retry = false;
  for (auto& [k, v] : r.headers) has_retry = has_retry || (k == "Retry-After" && v == "2");
  CHECK(has_retry);
  CHECK(e.call("GET", kCluster + "/nodePools").status == 200);
  CHECK(e.world.requests("GKE", e.key["client_email"]) == 2);
}

TEST_CASE("write_files writes the key and cluster files") {
  Env e;
  auto dir = std::filesystem::temp_directory_path() / ("gke-sim-" + std::to_string(::getpid()));
  e.sim.write_files(dir.string(), "https://127.0.0.1:9999");
  std::ifstream f(dir / "gke" / "service-account.json");
  auto key = json::parse(f);
  CHECK(key["type"] == "service_account");
  CHECK(key["token_uri"] == "https://127.0.0.1:9999/token");
  CHECK(key["private_key"].get<std::string>().rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
  std::ifstream c(dir / "gke" / "cluster.json");
  CHECK(json::parse(c)["cluster"] == "gpu-cluster");
  std::filesystem::remove_all(dir);
}

TEST_CASE("the World gets autoscaler bounds (total* or per zone) and counts writes, not reads or tokens") {
  Env e;
  e.login();
  json body = {{"nodePool", {{"name", "auto"}, {"initialNodeCount", 1}, {"locations", {"us-central1-a"}},
                             {"autoscaling", {{"enabled", true}, {"totalMinNodeCount", 1}, {"totalMaxNodeCount", 3}}},
                             {"config", {{"machineType", "g2-standard-8"}}}}}};
  REQUIRE(e.call("POST", kCluster + "/nodePools", body.dump()).status == 200);
  auto pool = [&] { return e.world.pools("GKE").at(0); };
  CHECK(pool().autoscaling);
  CHECK(pool().min_nodes == 1);
  CHECK(pool().max_nodes == 3);
  e.clock.advance(10s);
  e.call("GET", kCluster + "/nodePools/auto");  // settles the create
  auto r = e.call("POST", kCluster + "/nodePools/auto:setAutoscaling",
                  R"({"autoscaling":{"enabled":true,"minNodeCount":2,"maxNodeCount":5}})");
  CAPTURE(r.body);
  REQUIRE(r.status == 200);
  CHECK(pool().min_nodes == 2);  // at once, as GET nodePool shows it
  CHECK(pool().max_nodes == 5);
  e.clock.advance(10s);
  e.call("GET", kCluster + "/nodePools/auto");
  REQUIRE(e.call("POST", kCluster + "/nodePools/auto:setAutoscaling", R"({"autoscaling":{"enabled":false}})").status == 200);
  CHECK_FALSE(pool().autoscaling);
  CHECK_FALSE(pool().min_nodes);
  auto igm = json::parse(e.call("GET", kCluster + "/nodePools/auto").body)["instanceGroupUrls"][0].get<std::string>();
  e.call("POST", igm.substr(kBase.size()) + "/listManagedInstances");  // a POST that only reads
  // One create and two setAutoscaling; the token exchange, GETs and listManagedInstances are not writes.
  CHECK(e.world.writes()["GKE"] == std::map<std::string, long>{{"POST", 3}});
}
