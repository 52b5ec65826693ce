// CoreWeave fixture: CoreweaveSim (a CKS cluster's Kubernetes API with the
// NodePool CRD and its controller) behind an HTTPS HttpServer, and the real
// CoreweaveProvider over kube::RestClient + cpprest with the simulator's CA
// and CW-SECRET token. Also CoreWeave-only scenarios (racks, immutability,
// IdleOnly) that the shared suite cannot express.
#include <doctest/doctest.h>

#include <thread>

#include "cloud/coreweave/provider.h"
#include "cloud/errors.h"
#include "cloud_contract/fixture.h"
#include "sim/coreweave/coreweave_sim.h"
#include "sim/server/http_server.h"

namespace gpupool::contract {

namespace {
using namespace std::chrono_literals;

sim::coreweave::CoreweaveSimOptions sim_options() {
  sim::coreweave::CoreweaveSimOptions o;
  o.tick = 50ms;
  return o;
}

class CoreweaveFixture final : public CloudFixture {
 public:
  CoreweaveFixture() : world_(SystemClock::instance()), sim_(world_, sim_options()) {
    world_.set_provisioning_time(600ms);
    auto tls = start_tls_server("coreweave", sim_.handler());
    ca_ = tls.ca_pem;
    server_ = std::move(tls.server);
    sim_.set_base_url(server_->base_url());
    sim_.start();
    provider_ = build(sim_.token());
  }
  ~CoreweaveFixture() override {
    sim_.stop();
    server_->stop();
  }

  std::string provider_name() const override { return "CoreWeave"; }
  cloud::NodePoolProvider& provider() override { return *provider_; }
  sim::cloud::World& world() override { return world_; }
  std::string region() const override { return sim_options().zone; }
  // CKS has no cluster-wide operation lock: NodePools are independent
  // Kubernetes objects, so a second mutation is never Busy (only a stale
  // resourceVersion is a 409 Conflict, and merge patches carry none).
  bool has_busy_state() const override { return false; }

  cloud::NodePoolSpec spec(const std::string& target, int nodes) const override {
    return owned_spec("CoreWeave", target, "gd-8xh100ib-i128", 8, nodes, {});
  }
  // CKS quota is per instance type, counted in nodes.
  std::string quota_key(const cloud::NodePoolSpec& s) const override { return s.machine_type; }
  // CKS tokens are static bearer tokens (no refresh exists): nothing to expire.
  void expire_credentials() override {}
  std::unique_ptr<cloud::NodePoolProvider> provider_with_bad_credentials() override {
    return build("CW-SECRET-0000000000000000000000000000dead");
  }

  sim::coreweave::CoreweaveSim& sim() { return sim_; }

 private:
  std::unique_ptr<cloud::NodePoolProvider> build(const std::string& token) {
    cloud::coreweave::CoreweaveConfig c;
    c.api_server = server_->base_url();
    c.token = token;
    c.ca_pem = ca_;
    c.provisioning_timeout = 2s;  // short, so stockouts surface inside the suite's wait
    return must(cloud::coreweave::make_coreweave_provider(c, SystemClock::instance()));
  }

  sim::cloud::World world_;
  sim::coreweave::CoreweaveSim sim_;
  std::string ca_;
  std::unique_ptr<sim::HttpServer> server_;
  std::unique_ptr<cloud::NodePoolProvider> provider_;
};

const bool registered = register_fixture("CoreWeave", [] { return std::make_unique<CoreweaveFixture>(); });

// ---- CoreWeave-only scenarios --------------------------------------------

cloud::OperationStatus finish(cloud::NodePoolProvider& p, const cloud::Operation& op) {
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto s = p.poll(op);
    if (s && s->done) return *s;
    std::this_thread::sleep_for(50ms);
  }
  FAIL("operation " << op.id << " never finished");
  return {};
}

void cleanup(cloud::NodePoolProvider& p, const std::string& name) {
  if (auto pool = p.get(name)) {
    auto op = p.remove(*pool);
    REQUIRE(op);
    finish(p, *op);
  }
}
}  // namespace

TEST_CASE("coreweave: GB200 pools are sized in whole racks and refuse autoscaling") {
  CoreweaveFixture f;
  auto& p = f.provider();
  auto spec = f.spec("rack", 20);
  spec.machine_type = "gb200-4x";
  spec.gpus_per_node = 4;
  auto op = p.create(spec);
  REQUIRE_MESSAGE(op, op.error().describe());
  auto pool = p.get(spec.name);
  REQUIRE(pool);
  CHECK(pool->desired_nodes == 36);  // 20 rounded up to two racks of 18
  auto as = p.set_autoscaling(*pool, true, 18, 36);
  REQUIRE_FALSE(as);
  CHECK(as.error().code == ErrorCode::InvalidArgument);
  CHECK(as.error().message.find("autoscaling is not supported") != std::string::npos);
  cleanup(p, spec.name);
}

TEST_CASE("coreweave: instanceType is immutable, so a type change is InvalidArgument") {
  CoreweaveFixture f;
  auto& p = f.provider();
  auto spec = f.spec("immutable", 1);
  REQUIRE(p.create(spec));
  auto pool = p.get(spec.name);
  REQUIRE(pool);
  pool->machine_type = "b200-8x";
  auto r = p.resize(*pool, 1);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::InvalidArgument);
  CHECK(r.error().message.find("instanceType is immutable") != std::string::npos);
  cleanup(p, spec.name);
}

TEST_CASE("coreweave: IdleOnly scale-down finishes while busy nodes remain") {
  CoreweaveFixture f;
  auto& p = f.provider();
  f.sim().set_busy_nodes(1);
  auto spec = f.spec("idle", 2);
  auto op = p.create(spec);
  REQUIRE(op);
  CHECK_FALSE(finish(p, *op).error);
  auto down = p.resize(*p.get(spec.name), 0);
  REQUIRE(down);
  CHECK_FALSE(finish(p, *down).error);
  auto pool = p.get(spec.name);
  REQUIRE(pool);
  CHECK(pool->desired_nodes == 0);
  CHECK(pool->current_nodes == 1);  // the busy node stays until its work ends
  CHECK(pool->state == "WaitingForIdleNodes");
  f.sim().set_busy_nodes(0);
  cleanup(p, spec.name);
}

TEST_CASE("coreweave: autoscaling bounds are patched and the target follows them") {
  CoreweaveFixture f;
  auto& p = f.provider();
  auto spec = f.spec("autoscale", 1);
  auto op = p.create(spec);
  REQUIRE(op);
  finish(p, *op);
  auto as = p.set_autoscaling(*p.get(spec.name), true, 2, 3);
  REQUIRE_MESSAGE(as, as.error().describe());
  CHECK(as->done);  // the patch is the whole change; the autoscaler owns the count from now on
  auto pool = p.get(spec.name);
  REQUIRE(pool);
  CHECK(pool->autoscaling);
  CHECK(pool->min_nodes == 2);
  CHECK(pool->max_nodes == 3);
  // The simulated Cluster Autoscaler clamps targetNodes into min..max.
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline && !(pool && pool->desired_nodes == 2 && pool->current_nodes == 2)) {
    std::this_thread::sleep_for(50ms);
    pool = p.get(spec.name);
  }
  REQUIRE(pool);
  CHECK(pool->desired_nodes == 2);
  CHECK(pool->current_nodes == 2);
  cleanup(p, spec.name);
}

}  // namespace gpupool::contract
