// CoreweaveProvider on the wire, against a scripted transport: paths, verbs,
// patch media types and bodies as CKS expects them (cloud-apis.md §4.3).
// The provider against the real simulator runs in tests/cpp/cloud_contract.
#include "cloud/coreweave/coreweave_provider.h"

#include <doctest/doctest.h>

#include "cloud/errors.h"
#include "cloud/ownership.h"
#include "kube/rest_client.h"
#include "testing/fake_clock.h"
#include "testing/fake_transport.h"

using namespace gpupool;
using namespace gpupool::cloud;
using namespace gpupool::cloud::coreweave;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {
const std::string kPools = "/apis/compute.coreweave.com/v1alpha1/nodepools";

json status(int code, const std::string& reason) {
  return {{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"}, {"message", reason}, {"reason", reason}, {"code", code}};
}

struct Env {
  std::shared_ptr<testing::FakeTransport> t = std::make_shared<testing::FakeTransport>();
  testing::FakeClock clock;
  CoreweaveProvider p{std::make_shared<kube::RestClient>(t), clock, 1min};

  NodePoolSpec spec(const std::string& type, int nodes) {
    NodePoolSpec s;
    s.owner = {"team-a", "train", "uid-1", "t"};
    s.name = pool_name("CoreWeave", s.owner);
    s.machine_type = type;
    s.node_count = nodes;
    return s;
  }
};
}  // namespace

TEST_CASE("create POSTs a NodePool, rounding rack types up to whole racks") {
  Env e;
  e.t->reply_json(201, json::object());
  auto op = e.p.create(e.spec("gb200-4x", 20));
  REQUIRE(op);
  CHECK(op->kind == "create");
  CHECK_FALSE(op->done);
  auto req = e.t->last_request();
  CHECK(req.method == "POST");
  CHECK(req.target == kPools);
  json body = json::parse(req.body);
  CHECK(body["spec"]["targetNodes"] == 36);
  CHECK(body["metadata"]["labels"]["gpupool-owner-uid"] == "uid-1");
}

TEST_CASE("resize merge-patches targetNodes and carries the instanceType") {
  Env e;
  e.t->reply_json(200, json::object());
  NodePool pool;
  pool.id = pool.name = "gp-a";
  pool.machine_type = "gd-8xh100ib-i128";
  auto op = e.p.resize(pool, 3);
  REQUIRE(op);
  auto req = e.t->last_request();
  CHECK(req.method == "PATCH");
  CHECK(req.target.rfind(kPools + "/gp-a", 0) == 0);
  CHECK(testing::header_value(req, "content-type") == "application/merge-patch+json");
  CHECK(json::parse(req.body) == json{{"spec", {{"targetNodes", 3}, {"instanceType", "gd-8xh100ib-i128"}}}});
  CHECK_FALSE(e.p.resize(pool, -1));
}

TEST_CASE("set_autoscaling patches the bounds and is done once accepted") {
  Env e;
  e.t->reply_json(200, json::object());
  NodePool pool;
  pool.id = pool.name = "gp-a";
  auto op = e.p.set_autoscaling(pool, false, 1, 2);
  REQUIRE(op);
  CHECK(op->done);
  CHECK(json::parse(e.t->last_request().body) ==
        json{{"spec", {{"autoscaling", false}, {"minNodes", nullptr}, {"maxNodes", nullptr}}}});
}

TEST_CASE("remove: a missing pool is done; a delete finishes when the object is gone") {
  Env e;
  NodePool pool;
  pool.id = pool.name = "gp-a";
  e.t->reply_json(404, status(404, "NotFound"));
  auto gone = e.p.remove(pool);
  REQUIRE(gone);
  CHECK(gone->done);
  e.t->reply_json(200, json{{"metadata", {{"name", "gp-a"}}}});
  auto op = e.p.remove(pool);
  REQUIRE(op);
  CHECK(e.t->last_request().method == "DELETE");
  e.t->reply_json(200, json{{"metadata", {{"name", "gp-a"}, {"deletionTimestamp", "2024-01-01T00:00:00Z"}}}});
  CHECK_FALSE(e.p.poll(*op)->done);  // finalizers still running
  e.t->reply_json(404, status(404, "NotFound"));
  CHECK(e.p.poll(*op)->done);
}

TEST_CASE("list follows continue tokens; 403 is Unauthenticated") {
  Env e;
  auto item = [](const std::string& n) { return json{{"metadata", {{"name", n}}}, {"spec", {{"targetNodes", 1}}}}; };
  e.t->reply_json(200, {{"items", {item("a")}}, {"metadata", {{"continue", "next"}}}});
  e.t->reply_json(200, {{"items", {item("b")}}, {"metadata", json::object()}});
  auto all = e.p.list();
  REQUIRE(all);
  CHECK(all->size() == 2);
  CHECK(e.t->requests()[1].target.find("continue=next") != std::string::npos);
  e.t->reply_json(403, status(403, "Forbidden"));
  auto denied = e.p.list();
  REQUIRE_FALSE(denied);
  CHECK(denied.error().code == ErrorCode::Unauthenticated);
}

TEST_CASE("poll: a capacity stall fails over after the provisioning timeout (injected clock)") {
  Env e;
  e.t->reply_json(201, json::object());
  auto op = e.p.create(e.spec("gd-8xh100ib-i128", 2));
  REQUIRE(op);
  json stalled = {{"metadata", {{"name", op->pool_name}, {"generation", 1}}},
                  {"spec", {{"instanceType", "gd-8xh100ib-i128"}, {"targetNodes", 2}}},
                  {"status", {{"currentNodes", 0},
                              {"conditions", {{{"type", "AtTarget"}, {"status", "False"}, {"observedGeneration", 1},
                                               {"reason", "InsufficientCapacity"}, {"message", "none left"}}}}}}};
  e.t->reply_json(200, stalled);
  CHECK_FALSE(e.p.poll(*op)->done);
  e.clock.advance(61s);
  e.t->reply_json(200, stalled);
  auto st = e.p.poll(*op);
  REQUIRE(st->done);
  REQUIRE(st->error);
  CHECK(is_stockout(*st->error));
  CHECK(st->error->message.find("none left") != std::string::npos);
}
