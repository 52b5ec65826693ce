#include "cloud/aks/provider.h"

#include <doctest/doctest.h>

#include "cloud/aks/aks_provider.h"
#include "cloud/aks/client.h"
#include "cloud/errors.h"
#include "cloud/ownership.h"
#include "testing/fake_clock.h"
#include "testing/fake_transport.h"

using namespace gpupool;
using namespace gpupool::cloud;
using gpupool::testing::FakeTransport;
using nlohmann::json;

namespace {
const std::string kPools =
    "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/agentPools";
const std::string kAsync =
    "https://arm.example/subscriptions/sub/providers/Microsoft.ContainerService/locations/eastus/operations/op1"
    "?api-version=2016-03-30";

struct Rig {
  std::shared_ptr<FakeTransport> arm = std::make_shared<FakeTransport>();
  std::shared_ptr<TokenCache> tokens;
  std::unique_ptr<aks::AksProvider> provider;
  testing::FakeClock clock;
  Rig() {
    tokens = std::make_shared<TokenCache>([] { return Result<AccessToken>(AccessToken{"tok", std::chrono::hours(1)}); },
                                          clock);
    provider = std::make_unique<aks::AksProvider>(std::make_shared<aks::AksClient>(arm, tokens, aks::ArmRef{"sub", "rg", "c"}));
  }
};

json pool_json(int count, const std::string& state, const std::string& etag = "etag-1") {
  return {{"name", "gp1"},
          {"properties",
           {{"count", count}, {"vmSize", "Standard_ND96isr_H100_v5"}, {"nodeLabels", {{"a", "b"}}},
            {"nodeTaints", {"k=v:NoSchedule"}}, {"provisioningState", state}, {"powerState", {{"code", "Running"}}},
            {"eTag", etag}}}};
}

NodePoolSpec spec() {
  NodePoolSpec s;
  s.owner = {"ns", "train", "uid", "t"};
  s.name = pool_name("AKS", s.owner);
  s.machine_type = "Standard_ND96isr_H100_v5";
  s.gpus_per_node = 8;
  s.node_count = 1;
  return s;
}
}  // namespace

TEST_CASE("aks create: PUT with api-version, If-None-Match *, operation = Azure-AsyncOperation URL") {
  Rig r;
  r.arm->reply_json(201, pool_json(1, "Creating"), {{"azure-asyncoperation", kAsync}, {"retry-after", "1"}});
  auto op = r.provider->create(spec());
  REQUIRE_MESSAGE(op, op.error().describe());
  CHECK(op->id == kAsync);
  CHECK(op->kind == "create");
  CHECK_FALSE(op->done);
  auto req = r.arm->last_request();
  CHECK(req.method == "PUT");
  CHECK(req.target == kPools + "/" + spec().name + "?api-version=2024-10-01");
  CHECK(testing::header_value(req, "if-none-match") == "*");
  CHECK(testing::header_value(req, "authorization") == "Bearer tok");
  CHECK(json::parse(req.body)["properties"]["vmSize"] == "Standard_ND96isr_H100_v5");
}

TEST_CASE("aks create of an existing pool (412 on If-None-Match) is AlreadyExists") {
  Rig r;
  r.arm->reply_json(412, {{"code", "PreconditionFailed"}, {"message", "exists"}});
  auto op = r.provider->create(spec());
  REQUIRE_FALSE(op);
  CHECK(op.error().code == ErrorCode::AlreadyExists);
}

TEST_CASE("aks resize: read-modify-write of the whole pool with If-Match") {
  Rig r;
  r.arm->reply_json(200, pool_json(1, "Succeeded", "etag-7"));
  r.arm->reply_json(200, pool_json(3, "Scaling"), {{"azure-asyncoperation", kAsync}});
  NodePool p;
  p.id = p.name = "gp1";
  auto op = r.provider->resize(p, 3);
  REQUIRE_MESSAGE(op, op.error().describe());
  auto reqs = r.arm->requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0].method == "GET");
  CHECK(reqs[1].method == "PUT");
  CHECK(testing::header_value(reqs[1], "if-match") == "etag-7");
  json body = json::parse(reqs[1].body);
  CHECK(body == json{{"properties",
                      {{"count", 3}, {"vmSize", "Standard_ND96isr_H100_v5"}, {"nodeLabels", {{"a", "b"}}},
                       {"nodeTaints", {"k=v:NoSchedule"}}}}});
}

TEST_CASE("aks set_autoscaling off drops minCount/maxCount") {
  Rig r;
  json cur = pool_json(2, "Succeeded");
  cur["properties"]["enableAutoScaling"] = true;
  cur["properties"]["minCount"] = 1;
  cur["properties"]["maxCount"] = 4;
  r.arm->reply_json(200, cur);
  r.arm->reply_json(200, pool_json(2, "Updating"), {{"azure-asyncoperation", kAsync}});
  NodePool p;
  p.id = p.name = "gp1";
  REQUIRE(r.provider->set_autoscaling(p, false, 0, 0));
  json sent = json::parse(r.arm->last_request().body)["properties"];
  CHECK(sent["enableAutoScaling"] == false);
  CHECK_FALSE(sent.contains("minCount"));
  CHECK_FALSE(sent.contains("maxCount"));
}

TEST_CASE("aks remove: 204 and 404 are done at once, 202 is an operation") {
  Rig r;
  NodePool p;
  p.id = p.name = "gp1";
  r.arm->reply(204);
  auto a = r.provider->remove(p);
  REQUIRE(a);
  CHECK(a->done);
  r.arm->reply_json(404, {{"code", "NotFound"}, {"message", "Agent pool gp1 not found."}});
  auto b = r.provider->remove(p);
  REQUIRE(b);
  CHECK(b->done);
  r.arm->reply(202, "", {{"azure-asyncoperation", kAsync}, {"location", "https://arm.example/x/operationresults/op1"}});
  auto c = r.provider->remove(p);
  REQUIRE(c);
  CHECK_FALSE(c->done);
  CHECK(c->id == kAsync);
}

TEST_CASE("aks poll: GETs the async URL's path and follows core-lro's status words") {
  Rig r;
  Operation op{kAsync, "create", "gp1", false};
  r.arm->reply_json(200, {{"name", "op1"}, {"status", "InProgress"}}, {{"retry-after", "1"}});
  auto s = r.provider->poll(op);
  REQUIRE(s);
  CHECK_FALSE(s->done);
  CHECK(r.arm->last_request().target ==
        "/subscriptions/sub/providers/Microsoft.ContainerService/locations/eastus/operations/op1?api-version=2016-03-30");
  r.arm->reply_json(200, {{"name", "op1"}, {"status", "Failed"},
                          {"error", {{"code", "AllocationFailed"}, {"message", "Allocation failed."}}}});
  s = r.provider->poll(op);
  REQUIRE(s);
  CHECK(s->done);
  REQUIRE(s->error);
  CHECK(is_stockout(*s->error));
  r.arm->reply_json(200, {{"name", "op1"}, {"status", "Succeeded"}});
  s = r.provider->poll(op);
  REQUIRE(s);
  CHECK(s->done);
  CHECK_FALSE(s->error);
}

TEST_CASE("aks poll: Location semantics and transient answers") {
  http::Response running{202, {}, ""};
  CHECK_FALSE(aks::read_operation(running, "x")->done);
  http::Response gone{204, {}, ""};
  CHECK(aks::read_operation(gone, "x")->done);
  http::Response failed{400, {}, R"({"error":{"code":"ZonalAllocationFailed","message":"no capacity"}})"};
  auto f = aks::read_operation(failed, "x");
  REQUIRE(f);
  REQUIRE(f->error);
  CHECK(is_stockout(*f->error));
  http::Response throttled{429, {{"retry-after", "3"}}, R"({"error":{"code":"TooManyRequests","message":"slow"}})"};
  auto t = aks::read_operation(throttled, "x");
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::RateLimited);
  http::Response garbage{200, {}, "{not json"};
  CHECK(aks::read_operation(garbage, "x").error().code == ErrorCode::Unavailable);
}

TEST_CASE("aks list follows nextLink and keeps the api-version") {
  Rig r;
  r.arm->reply_json(200, {{"value", {pool_json(1, "Succeeded")}},
                          {"nextLink", "https://arm.example" + kPools + "?api-version=2024-10-01&$skipToken=1"}});
  r.arm->reply_json(200, {{"value", {pool_json(2, "Succeeded")}}});
  auto l = r.provider->list();
  REQUIRE(l);
  CHECK(l->size() == 2);
  auto reqs = r.arm->requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0].target == kPools + "?api-version=2024-10-01");
  CHECK(reqs[1].target == kPools + "?api-version=2024-10-01&$skipToken=1");
}

TEST_CASE("aks readiness: while scaling, the last settled count is reported") {
  Rig r;
  r.arm->reply_json(200, pool_json(1, "Succeeded"));
  r.arm->reply_json(200, pool_json(3, "Scaling"));
  auto a = r.provider->get("gp1");
  REQUIRE(a);
  CHECK(a->ready_nodes == 1);
  auto b = r.provider->get("gp1");
  REQUIRE(b);
  CHECK(b->desired_nodes == 3);
  CHECK(b->ready_nodes == 1);
}

TEST_CASE("aks a 401 gets one fresh token and one retry") {
  Rig r;
  r.arm->reply_json(401, {{"error", {{"code", "ExpiredAuthenticationToken"}, {"message", "expired"}}}});
  r.arm->reply_json(200, pool_json(1, "Succeeded"));
  REQUIRE(r.provider->get("gp1"));
  CHECK(r.arm->request_count() == 2);
}

TEST_CASE("make_aks_provider needs ids and credentials") {
  testing::FakeClock clock;
  aks::AksConfig c;
  auto factory = [](const http::TransportConfig&) -> Result<std::unique_ptr<http::Transport>> {
    return std::unique_ptr<http::Transport>(std::make_unique<FakeTransport>());
  };
  CHECK(aks::make_aks_provider(c, factory, clock).error().code == ErrorCode::InvalidArgument);
  REQUIRE(aks::apply_secret(c, {{"tenantId", "t"}, {"clientId", "i"}, {"clientSecret", "s"}}));
  CHECK_FALSE(aks::make_aks_provider(c, factory, clock));
  c.subscription_id = "sub";
  c.resource_group = "rg";
  c.cluster = "c";
  auto p = aks::make_aks_provider(c, factory, clock);
  REQUIRE(p);
  CHECK((*p)->provider() == "AKS");
}
