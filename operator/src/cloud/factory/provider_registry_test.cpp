#include "cloud/factory/provider_registry.h"

#include <doctest/doctest.h>

#include "api/resources.h"
#include "testing/fake_client.h"
#include "testing/fake_clock.h"

using namespace gpupool;
using nlohmann::json;

namespace {

class StubProvider final : public cloud::NodePoolProvider {
 public:
  explicit StubProvider(std::string token) : token_(std::move(token)) {}
  std::string_view provider() const override { return "CoreWeave"; }
  // Echoes the token in its error, as a careless cloud might.
  Result<std::vector<cloud::NodePool>> list() override {
    return Error(ErrorCode::Unauthenticated, "token " + token_ + " rejected");
  }
  Result<cloud::NodePool> get(const std::string&) override { return cloud::NodePool{}; }
  Result<cloud::Operation> create(const cloud::NodePoolSpec&) override { return cloud::Operation{}; }
  Result<cloud::Operation> resize(const cloud::NodePool&, int) override { return cloud::Operation{}; }
  Result<cloud::Operation> set_autoscaling(const cloud::NodePool&, bool, int, int) override {
    return cloud::Operation{};
  }
  Result<cloud::Operation> remove(const cloud::NodePool&) override { return cloud::Operation{}; }
  Result<cloud::OperationStatus> poll(const cloud::Operation&) override { return cloud::OperationStatus{}; }

 private:
  std::string token_;
};

struct Calls final : cloud::CallObserver {
  std::vector<std::string> seen;
  void observe(const cloud::CallRecord& c) override {
    seen.push_back(std::string(c.operation) + ":" + std::string(c.outcome));
  }
};

struct Fixture {
  testing::FakeClock clock;
  testing::FakeClient client{clock};
  kube::Cache<api::Secret> secrets;
  Calls calls;
  std::vector<cloud::SecretData> built;
  cloud::ProviderRegistry registry{client, clock, calls, &secrets,
                                   [this](const api::CloudCluster&, const cloud::SecretData& d, std::shared_ptr<cloud::ClusterGate>) {
                                     built.push_back(d);
                                     return Result<std::unique_ptr<cloud::NodePoolProvider>>(
                                         std::make_unique<StubProvider>(d.at("token")));
                                   }};
  json cluster_obj{{"apiVersion", "gpupool.io/v1alpha1"},
                   {"kind", "CloudCluster"},
                   {"metadata", {{"name", "cw"}, {"namespace", "ns"}, {"generation", 1}}},
                   {"spec",
                    {{"provider", "CoreWeave"},
                     {"maxRequestsPerSecond", 2},
                     {"credentialsSecretRef", {{"name", "creds"}}},
                     {"coreweave", {{"apiServer", "https://cks.test"}}}}}};

  void put_secret(const std::string& token) {
    json obj{{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "creds"}, {"namespace", "ns"}}},
             {"stringData", {{"token", token}}}};
    auto existing = client.peek(api::secrets(), "ns", "creds");
    json stored = existing ? *client.update(api::secrets(), "ns", obj) : client.seed(api::secrets(), obj);
    secrets.upsert(std::make_shared<const api::Secret>(api::Secret::from_json(stored)));
  }
  api::CloudCluster cluster() const { return api::CloudCluster::from_json(cluster_obj); }
};

}  // namespace

TEST_CASE("ProviderRegistry builds once and rebuilds on generation or Secret change") {
  Fixture f;
  f.put_secret("CW-SECRET-first-0123456789");
  auto p1 = f.registry.get(f.cluster());
  REQUIRE(p1.has_value());
  CHECK(f.built.size() == 1);
  CHECK(f.built[0].at("token") == "CW-SECRET-first-0123456789");  // values from a GET, not the cache
  CHECK(f.registry.get(f.cluster()).value() == *p1);
  CHECK(f.client.count_calls("get") == 1);  // unchanged Secret: no request

  f.put_secret("CW-SECRET-second-0123456789");
  auto p2 = f.registry.get(f.cluster());
  REQUIRE(p2.has_value());
  CHECK(*p2 != *p1);
  CHECK(f.built.back().at("token") == "CW-SECRET-second-0123456789");

  f.cluster_obj["metadata"]["generation"] = 2;
  f.cluster_obj["spec"]["maxRequestsPerSecond"] = 7;
  REQUIRE(f.registry.get(f.cluster()).has_value());
  CHECK(f.registry.builds() == 3);
  CHECK(f.registry.gate("ns/cw").rate() == 7);
}

TEST_CASE("ProviderRegistry decorates: calls observed, errors scrubbed of Secret values") {
  Fixture f;
  f.put_secret("CW-SECRET-abcdefghijklmnop");
  auto p = f.registry.get(f.cluster());
  REQUIRE(p.has_value());
  auto pools = (*p)->list();
  REQUIRE_FALSE(pools.has_value());
  CHECK(pools.error().code == ErrorCode::Unauthenticated);
  CHECK(pools.error().message == "token [redacted] rejected");
  REQUIRE(f.calls.seen.size() == 1);
  CHECK(f.calls.seen[0] == "list:Unauthenticated");
}

TEST_CASE("ProviderRegistry: missing Secret and forget") {
  Fixture f;
  auto missing = f.registry.get(f.cluster());
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == ErrorCode::NotFound);
  CHECK(missing.error().message.find("reading Secret ns/creds") == 0);

  f.put_secret("CW-SECRET-abcdefghijklmnop");
  REQUIRE(f.registry.get(f.cluster()).has_value());
  f.registry.forget("ns/cw");
  REQUIRE(f.registry.get(f.cluster()).has_value());
  CHECK(f.registry.builds() == 2);
}
