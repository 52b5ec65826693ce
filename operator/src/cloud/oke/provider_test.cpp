#include "cloud/oke/provider.h"

#include <doctest/doctest.h>

#include "cloud/errors.h"
#include "testing/oracle_vectors.h"
#include "cloud/oke/signer.h"
#include "cloud/ownership.h"
#include "testing/fake_clock.h"
#include "testing/fake_transport.h"

using namespace gpupool;
using namespace gpupool::cloud;
using gpupool::testing::FakeTransport;
using gpupool::testing::header_value;
using nlohmann::json;

namespace {
// Lets the test keep the FakeTransport the provider's stack wraps.
class Forward final : public http::Transport {
 public:
  explicit Forward(FakeTransport& t) : t_(t) {}
  Result<http::Response> send(const http::Request& r) override { return t_.send(r); }
  Result<http::Response> stream_lines(const http::Request& r, std::stop_token s, const http::LineHandler& h) override {
    return t_.stream_lines(r, s, h);
  }

 private:
  FakeTransport& t_;
};

struct Env {
  FakeTransport wire;
  std::unique_ptr<NodePoolProvider> provider;
  Env() {
    oke::OkeConfig c;
    c.tenancy = "ocid1.tenancy.oc1..t";
    c.user = "ocid1.user.oc1..u";
    c.fingerprint = "aa:bb";
    c.private_key_pem = gpupool::testing::oracle_vectors::kPrivateKey;
    c.endpoint = "https://127.0.0.1:8443/prefix";
    c.compartment_id = "ocid1.compartment.oc1..c";
    c.cluster_id = "ocid1.cluster.oc1.iad.k";
    c.subnet_ids = {"ocid1.subnet.oc1.iad.s"};
    auto p = oke::make_oke_provider(c, [this](const http::TransportConfig& tc) -> Result<std::unique_ptr<http::Transport>> {
      CHECK(tc.base_url == "https://127.0.0.1:8443");
      return std::unique_ptr<http::Transport>(std::make_unique<Forward>(wire));
    }, SystemClock::instance());
    REQUIRE_MESSAGE(p, p.error().describe());
    provider = std::move(*p);
  }
};

NodePoolSpec spec() {
  NodePoolSpec s;
  s.owner = {"team-a", "train", "uid-1", "primary"};
  s.name = pool_name("OKE", s.owner);
  s.machine_type = "VM.GPU.A10.1";
  s.node_count = 1;
  s.zones = {"Uocm:US-ASHBURN-AD-1"};
  return s;
}

json pool_json(const std::string& id, const std::string& name, bool ours) {
  json j = {{"id", id}, {"name", name}, {"nodeShape", "VM.GPU.A10.1"}, {"lifecycleState", "ACTIVE"},
            {"nodeConfigDetails", {{"size", 1}, {"placementConfigs", json::array({{{"availabilityDomain", "AD-1"}, {"subnetId", "s"}}})}}}};
  j["freeformTags"] = ours ? json(ownership_tags("OKE", spec().owner)) : json::object();
  return j;
}
}  // namespace

TEST_CASE("create: signed POST with retry token under the endpoint's path prefix") {
  Env env;
  env.wire.reply(202, "", {{"opc-work-request-id", "ocid1.clustersworkrequest.oc1.iad.w"}});
  auto op = env.provider->create(spec());
  REQUIRE_MESSAGE(op, op.error().describe());
  CHECK(op->id == "ocid1.clustersworkrequest.oc1.iad.w");
  CHECK(op->kind == "create");
  auto req = env.wire.last_request();
  CHECK(req.method == "POST");
  CHECK(req.target == "/prefix/20180222/nodePools");
  CHECK(header_value(req, "host").empty());  // signed as 127.0.0.1:8443; cpprest writes it
  CHECK(header_value(req, "authorization").find("keyId=\"ocid1.tenancy.oc1..t/ocid1.user.oc1..u/aa:bb\"") != std::string::npos);
  CHECK(header_value(req, "opc-retry-token").rfind("gpupool-", 0) == 0);
  CHECK(header_value(req, "x-content-sha256") == oke::content_sha256(req.body));
  CHECK(header_value(req, "authorization").find("headers=\"date (request-target) host content-length content-type x-content-sha256\"") !=
        std::string::npos);
  // The same spec again (a resend after a lost answer) carries the same token.
  env.wire.reply(202, "", {{"opc-work-request-id", "ocid1.clustersworkrequest.oc1.iad.w"}});
  std::string first = header_value(req, "opc-retry-token");
  REQUIRE(env.provider->create(spec()));
  CHECK(header_value(env.wire.last_request(), "opc-retry-token") == first);
}

TEST_CASE("taints and autoscaling are refused before any request") {
  Env env;
  auto s = spec();
  s.taints = {{"k", "v", "NoSchedule"}};
  auto op = env.provider->create(s);
  REQUIRE_FALSE(op);
  CHECK(op.error().code == ErrorCode::InvalidArgument);
  CHECK(op.error().message.find("OKE node pools do not support taints") != std::string::npos);
  NodePool p;
  p.name = "x";
  CHECK(env.provider->set_autoscaling(p, true, 1, 3).error().code == ErrorCode::InvalidArgument);
  CHECK(env.wire.request_count() == 0);
}

TEST_CASE("list follows opc-next-page, tracks by OCID and reads our pools in full") {
  Env env;
  json page1 = json::array({pool_json("ocid1.nodepool.oc1.iad.a", "same", false)});
  json page2 = json::array({pool_json("ocid1.nodepool.oc1.iad.b", "same", true)});
  env.wire.reply_json(200, page1, {{"opc-next-page", "tok en/1"}});
  env.wire.reply_json(200, page2);
  json full = pool_json("ocid1.nodepool.oc1.iad.b", "same", true);
  full["nodes"] = json::array({{{"lifecycleState", "ACTIVE"}}});
  env.wire.reply_json(200, full, {{"etag", "e1"}});
  auto all = env.provider->list();
  REQUIRE_MESSAGE(all, all.error().describe());
  REQUIRE(all->size() == 2);
  CHECK_FALSE((*all)[0].owner);
  CHECK((*all)[1].owner);
  CHECK((*all)[1].ready_nodes == 1);
  CHECK((*all)[1].etag == "e1");
  auto reqs = env.wire.requests();
  CHECK(reqs[0].target == "/prefix/20180222/nodePools?compartmentId=ocid1.compartment.oc1..c&clusterId=ocid1.cluster.oc1.iad.k");
  CHECK(reqs[1].target.find("&page=tok%20en%2F1") != std::string::npos);
  CHECK(reqs[2].target == "/prefix/20180222/nodePools/ocid1.nodepool.oc1.iad.b");
}

TEST_CASE("resize: PUT nodeConfigDetails.size + placements under the read's etag") {
  Env env;
  env.wire.reply_json(200, pool_json("ocid1.nodepool.oc1.iad.b", "gp", true), {{"etag", "e7"}});
  env.wire.reply(202, "", {{"opc-work-request-id", "wr-2"}});
  NodePool p;
  p.id = "ocid1.nodepool.oc1.iad.b";
  p.name = "gp";
  auto op = env.provider->resize(p, 3);
  REQUIRE_MESSAGE(op, op.error().describe());
  auto put = env.wire.last_request();
  CHECK(put.method == "PUT");
  CHECK(header_value(put, "if-match") == "e7");
  json body = json::parse(put.body);
  CHECK(body["nodeConfigDetails"]["size"] == 3);
  CHECK(body["nodeConfigDetails"]["placementConfigs"][0]["subnetId"] == "s");
}

TEST_CASE("remove: if-match, DELETED and 404 mean done; poll reads work-request errors") {
  Env env;
  NodePool p;
  p.id = "ocid1.nodepool.oc1.iad.b";
  p.name = "gp";
  p.etag = "e9";
  env.wire.reply(202, "", {{"opc-work-request-id", "wr-3"}});
  auto op = env.provider->remove(p);
  REQUIRE(op);
  CHECK(header_value(env.wire.last_request(), "if-match") == "e9");
  env.wire.reply(404, R"({"code":"NotAuthorizedOrNotFound","message":"gone"})");
  auto again = env.provider->remove(p);
  REQUIRE(again);
  CHECK(again->done);
  env.wire.reply_json(200, {{"id", "wr-3"}, {"status", "FAILED"}, {"operationType", "NODEPOOL_CREATE"}});
  env.wire.reply_json(200, json::array({{{"code", "InternalError"}, {"message", "Out of host capacity."}}}));
  auto st = env.provider->poll(*op);
  REQUIRE(st);
  CHECK(st->done);
  REQUIRE(st->error);
  CHECK(is_stockout(*st->error));
  CHECK(env.wire.last_request().target == "/prefix/20180222/workRequests/wr-3/errors?compartmentId=ocid1.compartment.oc1..c");
}

TEST_CASE("get by name prefers our pool; DELETED pools are NotFound") {
  Env env;
  env.wire.reply_json(200, json::array({pool_json("ocid1.nodepool.oc1.iad.a", "gp", false),
                                        pool_json("ocid1.nodepool.oc1.iad.b", "gp", true)}));
  env.wire.reply_json(200, pool_json("ocid1.nodepool.oc1.iad.b", "gp", true), {{"etag", "e"}});
  auto p = env.provider->get("gp");
  REQUIRE_MESSAGE(p, p.error().describe());
  CHECK(p->id == "ocid1.nodepool.oc1.iad.b");
  json deleted = pool_json("ocid1.nodepool.oc1.iad.b", "gp", true);
  deleted["lifecycleState"] = "DELETED";
  env.wire.reply_json(200, deleted);
  auto gone = env.provider->get("ocid1.nodepool.oc1.iad.b");
  REQUIRE_FALSE(gone);
  CHECK(gone.error().code == ErrorCode::NotFound);
}

TEST_CASE("no zones: every AD from Identity (signed, sorted, read once), one placement each") {
  Env env;
  json ads = json::array();
  for (const char* n : {"Uocm:US-ASHBURN-AD-2", "Uocm:US-ASHBURN-AD-1", "Uocm:US-ASHBURN-AD-3"})
    ads.push_back({{"compartmentId", "ocid1.tenancy.oc1..t"}, {"id", std::string("ocid1.availabilitydomain.oc1..") + n[19]}, {"name", n}});
  env.wire.reply_json(200, ads);
  env.wire.reply(202, "", {{"opc-work-request-id", "ocid1.clustersworkrequest.oc1.iad.w"}});
  auto s = spec();
  s.zones.clear();
  REQUIRE(env.provider->create(s));
  auto reqs = env.wire.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0].method == "GET");
  CHECK(reqs[0].target == "/prefix/20160918/availabilityDomains?compartmentId=ocid1.compartment.oc1..c");
  CHECK(header_value(reqs[0], "authorization").find("keyId=\"ocid1.tenancy.oc1..t/ocid1.user.oc1..u/aa:bb\"") != std::string::npos);
  json pcs = json::parse(reqs[1].body)["nodeConfigDetails"]["placementConfigs"];
  REQUIRE(pcs.size() == 3);
  for (int i = 0; i < 3; ++i)
    CHECK(pcs[i] == json{{"availabilityDomain", "Uocm:US-ASHBURN-AD-" + std::to_string(i + 1)}, {"subnetId", "ocid1.subnet.oc1.iad.s"}});
  // Cached: the next zoneless create makes no Identity call.
  env.wire.reply(202, "", {{"opc-work-request-id", "ocid1.clustersworkrequest.oc1.iad.w2"}});
  REQUIRE(env.provider->create(s));
  CHECK(env.wire.request_count() == 3);
  CHECK(env.wire.last_request().method == "POST");
}

TEST_CASE("no zones: an Identity failure fails the create and is not cached; refusals come first") {
  Env env;
  auto s = spec();
  s.zones.clear();
  s.taints = {{"k", "v", "NoSchedule"}};
  CHECK(env.provider->create(s).error().code == ErrorCode::InvalidArgument);
  CHECK(env.wire.request_count() == 0);  // refused before the Identity call
  s.taints.clear();
  env.wire.reply_json(404, {{"code", "NotAuthorizedOrNotFound"}, {"message", "Authorization failed or requested resource not found."}});
  auto op = env.provider->create(s);
  REQUIRE_FALSE(op);
  CHECK(op.error().code == ErrorCode::NotFound);
  CHECK(op.error().describe().find("availability domains") != std::string::npos);
  CHECK(env.wire.request_count() == 1);  // no POST
  env.wire.reply_json(200, json::array({{{"compartmentId", "t"}, {"id", "a"}, {"name", "Uocm:US-ASHBURN-AD-1"}}}));
  env.wire.reply(202, "", {{"opc-work-request-id", "ocid1.clustersworkrequest.oc1.iad.w"}});
  REQUIRE(env.provider->create(s));
  CHECK(env.wire.request_count() == 3);
}

TEST_CASE("identity endpoint: regional default, the realm of a containerengine override, else the override") {
  oke::OkeConfig c;
  c.region = "us-ashburn-1";
  CHECK(oke::identity_endpoint_for(c) == "https://identity.us-ashburn-1.oci.oraclecloud.com");
  c.endpoint = "https://containerengine.us-langley-1.oraclegovcloud.com";
  CHECK(oke::identity_endpoint_for(c) == "https://identity.us-langley-1.oraclegovcloud.com");
  c.endpoint = "https://127.0.0.1:8443/prefix";
  CHECK(oke::identity_endpoint_for(c) == "https://127.0.0.1:8443/prefix");
  c.endpoint = "https://127.0.0.1:8443/prefix/20180222/";  // Container Engine's version path is dropped
  CHECK(oke::identity_endpoint_for(c) == "https://127.0.0.1:8443/prefix");
}

TEST_CASE("no endpoint override: Identity gets its own signed transport on identity.{region}") {
  FakeTransport ce, identity;
  std::vector<std::string> bases;
  oke::OkeConfig c;
  c.tenancy = "ocid1.tenancy.oc1..t";
  c.user = "ocid1.user.oc1..u";
  c.fingerprint = "aa:bb";
  c.private_key_pem = gpupool::testing::oracle_vectors::kPrivateKey;
  c.region = "us-ashburn-1";
  c.compartment_id = "ocid1.compartment.oc1..c";
  c.cluster_id = "ocid1.cluster.oc1.iad.k";
  c.subnet_ids = {"ocid1.subnet.oc1.iad.s"};
  auto p = oke::make_oke_provider(c, [&](const http::TransportConfig& tc) -> Result<std::unique_ptr<http::Transport>> {
    bases.push_back(tc.base_url);
    return std::unique_ptr<http::Transport>(std::make_unique<Forward>(bases.size() == 1 ? ce : identity));
  }, SystemClock::instance());
  REQUIRE(p);
  CHECK(bases == std::vector<std::string>{"https://containerengine.us-ashburn-1.oci.oraclecloud.com",
                                          "https://identity.us-ashburn-1.oci.oraclecloud.com"});
  identity.reply_json(200, json::array({{{"compartmentId", "t"}, {"id", "a"}, {"name", "Uocm:US-ASHBURN-AD-1"}}}));
  ce.reply(202, "", {{"opc-work-request-id", "ocid1.clustersworkrequest.oc1.iad.w"}});
  auto s = spec();
  s.zones.clear();
  REQUIRE((*p)->create(s));
  CHECK(identity.last_request().target == "/20160918/availabilityDomains?compartmentId=ocid1.compartment.oc1..c");
  CHECK(ce.last_request().target == "/20180222/nodePools");
}
