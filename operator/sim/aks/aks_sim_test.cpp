#include "sim/aks/aks_sim.h"

#include <doctest/doctest.h>
#include <strings.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "testing/fake_clock.h"

using namespace gpupool;
using namespace gpupool::sim;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {
// Built by field name: HttpRequest grows fields over time.
HttpRequest request(const std::string& method, const std::string& path,
                    std::multimap<std::string, std::string> query = {},
                    std::map<std::string, std::string> headers = {}, std::string body = "") {
  HttpRequest r;
  r.method = method;
  r.path = path;
  r.query = std::move(query);
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

struct Rig {
  testing::FakeClock clock;
  cloud::World world{clock};
  aks::AksSim sim{world, options()};
  std::string token;

  static aks::AksSimOptions options() {
    aks::AksSimOptions o;
    o.tenant_id = "72f988bf-0000-4000-8000-00000000aaaa";
    o.client_id = "3f1e6a2b-0000-4000-8000-00000000bbbb";
    o.client_secret = "test-secret-not-real~0123456789";
    o.subscription_id = "00000000-0000-4000-8000-00000000cccc";
    o.arm_url = o.login_url = "https://127.0.0.1:37785";
    return o;
  }
  Rig() {
    world.set_provisioning_time(2s);
    token = json::parse(login().body)["access_token"];
  }

  HttpResponse login(const std::string& secret = "test-secret-not-real~0123456789") {
    // The form MSAL Node sends, telemetry and CAE claims included (wire-samples/aks.md #2).
    HttpRequest r = request("POST", "/72f988bf-0000-4000-8000-00000000aaaa/oauth2/v2.0/token");
    r.query.emplace("client-request-id", "53c97fca-8b47-4624-a283-1799828a1295");
    r.body = "client_id=3f1e6a2b-0000-4000-8000-00000000bbbb&scope=https%3A%2F%2Fmanagement.azure.com%2F.default"
             "&grant_type=client_credentials&x-client-SKU=msal.js.node&x-client-VER=5.6.0&x-client-OS=linux"
             "&x-client-CPU=x64&x-ms-lib-capability=retry-after%2C%20h429&x-client-current-telemetry=5%7C771%2C2%2C%2C%2C%7C%2C"
             "&x-client-last-telemetry=5%7C0%7C%7C%7C0%2C0&client-request-id=53c97fca-8b47-4624-a283-1799828a1295"
             "&client_secret=" + secret +
             "&claims=%7B%22access_token%22%3A%7B%22xms_cc%22%3A%7B%22values%22%3A%5B%22cp1%22%5D%7D%7D%7D";
    return sim.handle(r);
  }

  HttpResponse call(const std::string& method, const std::string& path, const json& body = nullptr,
                    std::map<std::string, std::string> headers = {}, const char* version = "2024-10-01") {
    HttpRequest r = request(method, path, {}, std::move(headers), body.is_null() ? "" : body.dump());
    if (version) r.query.emplace("api-version", version);
    if (!r.headers.count("authorization")) r.headers["authorization"] = "Bearer " + token;
    return sim.handle(r);
  }
  static std::string pool(const std::string& name = "") {
    return "/subscriptions/00000000-0000-4000-8000-00000000cccc/resourceGroups/gpu-rg/providers/"
           "Microsoft.ContainerService/managedClusters/gpu-aks/agentPools" + (name.empty() ? "" : "/" + name);
  }
  HttpResponse get_url(const std::string& url) {
    auto path = url.substr(url.find("/subscriptions/"));
    auto q = path.find('?');
    return call("GET", path.substr(0, q), nullptr, {}, "2016-03-30");
  }
};

std::string header(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  return "";
}

json h100(int count) {
  return {{"properties",
           {{"count", count}, {"vmSize", "Standard_ND96isr_H100_v5"}, {"osType", "Linux"}, {"mode", "User"},
            {"availabilityZones", {"1"}}, {"scaleSetPriority", "Regular"},
            {"tags", {{"gpupool-owner", "gpupool-operator"}}}, {"nodeLabels", {{"gpupool.io/pool", "train"}}},
            {"nodeTaints", {"nvidia.com/gpu=present:NoSchedule"}}}}};
}
}  // namespace

TEST_CASE("aks sim login: OIDC metadata, instance discovery and the MSAL token form") {
  Rig r;
  HttpRequest meta = request("GET", "/72f988bf-0000-4000-8000-00000000aaaa/v2.0/.well-known/openid-configuration");
  auto m = json::parse(r.sim.handle(meta).body);
  CHECK(m["token_endpoint"] == "https://127.0.0.1:37785/72f988bf-0000-4000-8000-00000000aaaa/oauth2/v2.0/token");
  for (const char* k : {"authorization_endpoint", "issuer", "jwks_uri", "end_session_endpoint"}) CHECK(m.contains(k));
  HttpRequest disc = request("GET", "/common/discovery/instance");
  disc.query = {{"api-version", "1.1"},
                {"authorization_endpoint", "https://127.0.0.1:37785/72f988bf-0000-4000-8000-00000000aaaa/oauth2/v2.0/authorize"}};
  auto d = json::parse(r.sim.handle(disc).body);
  CHECK(d["tenant_discovery_endpoint"] ==
        "https://127.0.0.1:37785/72f988bf-0000-4000-8000-00000000aaaa/v2.0/.well-known/openid-configuration");
  CHECK(d["metadata"][0]["aliases"][0] == "127.0.0.1:37785");
  auto tok = r.login();
  CHECK(tok.status == 200);
  auto t = json::parse(tok.body);
  CHECK(t["token_type"] == "Bearer");
  CHECK(t["expires_in"] == 3599);
  CHECK(t["ext_expires_in"] == 3599);
}

TEST_CASE("aks sim login: a wrong secret is 401 invalid_client AADSTS7000215") {
  Rig r;
  auto bad = r.login("wrong-secret");
  CHECK(bad.status == 401);
  auto b = json::parse(bad.body);
  CHECK(b["error"] == "invalid_client");
  CHECK(b["error_description"].get<std::string>().rfind("AADSTS7000215:", 0) == 0);
  CHECK(b["error_codes"] == json::array({7000215}));
}

TEST_CASE("aks sim ARM auth: missing, bad and expired tokens are 401") {
  Rig r;
  auto none = r.call("GET", Rig::pool(), nullptr, {{"authorization", ""}});
  CHECK(none.status == 401);
  CHECK(json::parse(none.body)["error"]["code"] == "AuthenticationFailed");
  CHECK_FALSE(header(none, "WWW-Authenticate").empty());
  CHECK(json::parse(r.call("GET", Rig::pool(), nullptr, {{"authorization", "Bearer nope"}}).body)["error"]["code"] ==
        "InvalidAuthenticationToken");
  r.clock.advance(3600s);
  auto expired = r.call("GET", Rig::pool());
  CHECK(expired.status == 401);
  CHECK(json::parse(expired.body)["error"]["code"] == "ExpiredAuthenticationToken");
}

TEST_CASE("aks sim: api-version is required and checked") {
  Rig r;
  auto missing = r.call("GET", Rig::pool(), nullptr, {}, nullptr);
  CHECK(missing.status == 400);
  CHECK(json::parse(missing.body)["error"]["code"] == "MissingApiVersionParameter");
  CHECK(r.call("GET", Rig::pool(), nullptr, {}, "1999-01-01").status == 400);
  CHECK(r.call("GET", Rig::pool(), nullptr, {}, "2026-04-01").status == 200);
}

TEST_CASE("aks sim lifecycle: 201 + async headers, InProgress -> Succeeded, nodes ready over time") {
  Rig r;
  auto put = r.call("PUT", Rig::pool("gpuh100"), h100(2));
  REQUIRE(put.status == 201);
  auto body = json::parse(put.body);
  CHECK(body["type"] == "Microsoft.ContainerService/managedClusters/agentPools");
  CHECK(body["properties"]["provisioningState"] == "Creating");
  CHECK(header(put, "Retry-After") == "1");
  CHECK(header(put, "x-ms-ratelimit-remaining-subscription-writes") == "199");
  auto async = header(put, "Azure-AsyncOperation");
  CHECK(async.find("/providers/Microsoft.ContainerService/locations/eastus/operations/") != std::string::npos);
  CHECK(header(put, "Location").find("/operationresults/") != std::string::npos);
  auto st = json::parse(r.get_url(async).body);
  CHECK(st["status"] == "InProgress");
  CHECK(r.get_url(header(put, "Location")).status == 202);
  r.clock.advance(1s);
  CHECK(r.world.ready_nodes(r.world.pools("AKS").at(0)) == 1);
  r.clock.advance(1s);
  CHECK(json::parse(r.get_url(async).body)["status"] == "Succeeded");
  CHECK(r.get_url(header(put, "Location")).status == 200);
  auto got = json::parse(r.call("GET", Rig::pool("gpuh100")).body);
  CHECK(got["properties"]["provisioningState"] == "Succeeded");
  auto rec = r.world.pools("AKS").at(0);
  CHECK(rec.created_by == "3f1e6a2b-0000-4000-8000-00000000bbbb");
  CHECK(rec.labels.at("gpupool-owner") == "gpupool-operator");
  CHECK(rec.quota_usage.at("standardNDSH100v5Family") == 192);
}

TEST_CASE("aks sim: busy cluster answers 409 OperationNotAllowed, unwrapped") {
  Rig r;
  REQUIRE(r.call("PUT", Rig::pool("gpa"), h100(1)).status == 201);
  auto b = r.call("PUT", Rig::pool("gpb"), h100(1));
  CHECK(b.status == 409);
  auto j = json::parse(b.body);
  CHECK(j["code"] == "OperationNotAllowed");
  CHECK(j.contains("subcode"));
  CHECK(j["message"].get<std::string>().find("is in progress") != std::string::npos);
  CHECK(r.call("DELETE", Rig::pool("gpa")).status == 409);
}

TEST_CASE("aks sim: PUT replaces; eTag + If-Match; vmSize is immutable") {
  Rig r;
  REQUIRE(r.call("PUT", Rig::pool("gp1"), h100(1)).status == 201);
  r.clock.advance(3s);
  auto etag = json::parse(r.call("GET", Rig::pool("gp1")).body)["properties"]["eTag"].get<std::string>();
  json smaller = h100(2);
  smaller["properties"].erase("nodeLabels");
  CHECK(r.call("PUT", Rig::pool("gp1"), smaller, {{"if-match", "stale"}}).status == 412);
  auto ok = r.call("PUT", Rig::pool("gp1"), smaller, {{"if-match", etag}});
  REQUIRE(ok.status == 200);
  auto p = json::parse(ok.body)["properties"];
  CHECK(p["provisioningState"] == "Scaling");
  CHECK_FALSE(p.contains("nodeLabels"));
  CHECK(p["eTag"] != etag);
  r.clock.advance(3s);
  json other = h100(2);
  other["properties"]["vmSize"] = "Standard_ND96isr_H200_v5";
  CHECK(json::parse(r.call("PUT", Rig::pool("gp1"), other).body)["code"] == "PropertyChangeNotAllowed");
  CHECK(r.call("PUT", Rig::pool("gp1"), h100(1), {{"if-none-match", "*"}}).status == 412);
}

TEST_CASE("aks sim: validation of names, bodies and tags") {
  Rig r;
  CHECK(r.call("PUT", Rig::pool("Gpu-H100"), h100(1)).status == 400);
  CHECK(r.call("PUT", Rig::pool("gpu1234567890"), h100(1)).status == 400);
  HttpRequest garbage = request("PUT", Rig::pool("gp1"), {{"api-version", "2024-10-01"}},
                                {{"authorization", "Bearer " + r.token}}, "{not json");
  CHECK(json::parse(r.sim.handle(garbage).body)["error"]["code"] == "InvalidRequestContent");
  json bad_taint = h100(1);
  bad_taint["properties"]["nodeTaints"] = {"nvidia.com/gpu=present:Sometimes"};
  CHECK(r.call("PUT", Rig::pool("gp1"), bad_taint).status == 400);
  json bad_tag = h100(1);
  bad_tag["properties"]["tags"] = {{"gpupool.io/owner", "x"}};
  CHECK(json::parse(r.call("PUT", Rig::pool("gp1"), bad_tag).body)["error"]["code"] == "InvalidTagNameCharacters");
  json zones = h100(1);
  zones["properties"]["availabilityZones"] = {1};
  CHECK(r.call("PUT", Rig::pool("gp1"), zones).status == 400);
}

TEST_CASE("aks sim: spot pools get eviction policy, price and AKS's spot taint") {
  Rig r;
  json spot = h100(1);
  spot["properties"]["scaleSetPriority"] = "Spot";
  auto p = json::parse(r.call("PUT", Rig::pool("gpspot"), spot).body)["properties"];
  CHECK(p["scaleSetEvictionPolicy"] == "Delete");
  CHECK(p["spotMaxPrice"] == -1);
  CHECK(p["nodeTaints"].size() == 2);
  CHECK(r.world.pools("AKS").at(0).quota_usage.count("lowPriorityCores") == 1);
}

TEST_CASE("aks sim: vCPU quota is a synchronous 400 ErrCode_InsufficientVCPUQuota") {
  Rig r;
  r.world.set_quota("AKS", "standardNDSH100v5Family", 100);
  CHECK(r.call("PUT", Rig::pool("gp1"), h100(1)).status == 201);
  r.clock.advance(3s);
  auto q = r.call("PUT", Rig::pool("gp2"), h100(1));
  CHECK(q.status == 400);
  auto j = json::parse(q.body);
  CHECK(j["code"] == "ErrCode_InsufficientVCPUQuota");
  CHECK(j["message"] == "Insufficient vcpu quota requested 96, remaining 4 for family standardNDSH100v5Family for "
                        "region eastus. Surge nodes would also consume vcpu quota.");
}

TEST_CASE("aks sim: a stockout fails the operation asynchronously and leaves a Failed pool") {
  Rig r;
  r.world.set_capacity("AKS", "eastus", "Standard_ND96isr_H100_v5", 0);
  auto put = r.call("PUT", Rig::pool("gp1"), h100(1));
  REQUIRE(put.status == 201);
  r.clock.advance(3s);
  auto st = json::parse(r.get_url(header(put, "Azure-AsyncOperation")).body);
  CHECK(st["status"] == "Failed");
  CHECK(st["error"]["code"] == "ZonalAllocationFailed");
  auto p = json::parse(r.call("GET", Rig::pool("gp1")).body)["properties"];
  CHECK(p["provisioningState"] == "Failed");
  CHECK(p["status"]["provisioningError"]["code"] == "ZonalAllocationFailed");
  CHECK(r.world.pools("AKS").at(0).node_count == 0);
  CHECK(r.get_url(header(put, "Location")).status == 400);
}

TEST_CASE("aks sim: DELETE 202 then 404 NotFound, and 204 when absent") {
  Rig r;
  REQUIRE(r.call("PUT", Rig::pool("gp1"), h100(1)).status == 201);
  r.clock.advance(3s);
  auto del = r.call("DELETE", Rig::pool("gp1"));
  REQUIRE(del.status == 202);
  CHECK(del.body.empty());
  CHECK_FALSE(header(del, "Azure-AsyncOperation").empty());
  CHECK(header(del, "x-ms-ratelimit-remaining-subscription-deletes") == "199");
  CHECK(json::parse(r.call("GET", Rig::pool("gp1")).body)["properties"]["provisioningState"] == "Deleting");
  r.clock.advance(3s);
  CHECK(json::parse(r.get_url(header(del, "Azure-AsyncOperation")).body)["status"] == "Succeeded");
  auto gone = r.call("GET", Rig::pool("gp1"));
  CHECK(gone.status == 404);
  CHECK(json::parse(gone.body)["code"] == "NotFound");
  CHECK(r.world.pools("AKS").empty());
  CHECK(r.call("DELETE", Rig::pool("gp1")).status == 204);
}

TEST_CASE("aks sim: list pages with nextLink") {
  Rig r;
  for (const char* n : {"gpa", "gpb", "gpc"}) {
    REQUIRE(r.call("PUT", Rig::pool(n), h100(1)).status == 201);
    r.clock.advance(3s);
  }
  // page size 100 by default: one page
  auto all = json::parse(r.call("GET", Rig::pool()).body);
  CHECK(all["value"].size() == 3);
  CHECK_FALSE(all.contains("nextLink"));
  HttpRequest page = request("GET", Rig::pool(), {{"api-version", "2024-10-01"}, {"$skipToken", "2"}},
                             {{"authorization", "Bearer " + r.token}});
  auto last = json::parse(r.sim.handle(page).body);
  CHECK(last["value"].size() == 1);
  CHECK(last["value"][0]["name"] == "gpc");
}

TEST_CASE("aks sim: ARM token bucket throttles with 429 + Retry-After") {
  Rig r;
  aks::ThrottleLimits l;
  l.read_bucket = 2;
  l.read_refill = 0.5;
  r.sim.set_throttle(l);
  CHECK(header(r.call("GET", Rig::pool()), "x-ms-ratelimit-remaining-subscription-reads") == "1");
  CHECK(r.call("GET", Rig::pool()).status == 200);
  auto t = r.call("GET", Rig::pool());
  CHECK(t.status == 429);
  CHECK(header(t, "Retry-After") == "2");
  CHECK(json::parse(t.body)["error"]["code"] == "SubscriptionRequestsThrottled");
  r.clock.advance(2s);
  CHECK(r.call("GET", Rig::pool()).status == 200);
}

TEST_CASE("aks sim: injected faults use ARM's error shape") {
  Rig r;
  r.world.add_fault({"AKS", 1, 429, "", "", 3, std::nullopt});
  auto f = r.call("GET", Rig::pool());
  CHECK(f.status == 429);
  CHECK(header(f, "Retry-After") == "3");
  CHECK(json::parse(f.body)["error"]["code"] == "TooManyRequests");
  CHECK(r.call("GET", Rig::pool()).status == 200);
}

TEST_CASE("aks sim: write_files writes credentials.json") {
  Rig r;
  auto dir = std::filesystem::temp_directory_path() / ("aks-sim-test-" + std::to_string(::getpid()));
  r.sim.write_files(dir.string(), "https://127.0.0.1:1", "https://127.0.0.1:2");
  std::ifstream f(dir / "aks" / "credentials.json");
  json c = json::parse(f);
  CHECK(c["tenantId"] == "72f988bf-0000-4000-8000-00000000aaaa");
  CHECK(c["clientSecret"] == "test-secret-not-real~0123456789");
  CHECK(c["subscriptionId"] == "00000000-0000-4000-8000-00000000cccc");
  CHECK(c["resourceGroup"] == "gpu-rg");
  CHECK(c["clusterName"] == "gpu-aks");
  CHECK(c["authorityHost"] == "https://127.0.0.1:2");
  std::filesystem::remove_all(dir);
}

TEST_CASE("aks sim: the World gets enableAutoScaling/minCount/maxCount and counts writes, not reads or tokens") {
  Rig r;
  auto body = h100(1);
  body["properties"]["enableAutoScaling"] = true;
  body["properties"]["minCount"] = 1;
  body["properties"]["maxCount"] = 2;
  auto put = r.call("PUT", Rig::pool("auto"), body);
  CAPTURE(put.body);
  REQUIRE(put.status == 201);
  auto rec = r.world.pools("AKS").at(0);
  CHECK(rec.autoscaling);
  CHECK(rec.min_nodes == 1);
  CHECK(rec.max_nodes == 2);
  REQUIRE(r.call("PUT", Rig::pool("fixed"), h100(1)).status == 409);  // the cluster is busy: still a write
  r.clock.advance(5s);
  REQUIRE(r.call("PUT", Rig::pool("fixed"), h100(1)).status == 201);
  auto fixed = r.world.pools("AKS").at(0).name == "fixed" ? r.world.pools("AKS").at(0) : r.world.pools("AKS").at(1);
  CHECK_FALSE(fixed.autoscaling);
  CHECK_FALSE(fixed.max_nodes);
  r.call("GET", Rig::pool());
  r.login();
  CHECK(r.world.writes()["AKS"] == std::map<std::string, long>{{"PUT", 3}});
}
