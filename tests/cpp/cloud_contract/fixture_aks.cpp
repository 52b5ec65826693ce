// AKS fixture: AksSim behind one HTTPS HttpServer playing both the Entra ID
// login host and ARM (as in wire-samples/aks.md), AksProvider over the real
// cpprest transport with the simulator's CA and client credentials.
#include "cloud/aks/provider.h"
#include "cloud_contract/fixture.h"
#include "sim/aks/aks_sim.h"
#include "sim/server/http_server.h"

namespace gpupool::contract {

namespace {
class AksFixture final : public CloudFixture {
 public:
  AksFixture() : world_(SystemClock::instance()), sim_(world_) {
    world_.set_provisioning_time(std::chrono::milliseconds(600));
    auto tls = start_tls_server("aks", sim_.handler());
    ca_ = tls.ca_pem;
    server_ = std::move(tls.server);
    sim_.set_urls(server_->base_url(), server_->base_url());
    provider_ = build(sim_.options().client_secret);
  }
  ~AksFixture() override { server_->stop(); }

  std::string provider_name() const override { return "AKS"; }
  cloud::NodePoolProvider& provider() override { return *provider_; }
  sim::cloud::World& world() override { return world_; }
  std::string region() const override { return "eastus"; }

  cloud::NodePoolSpec spec(const std::string& target, int nodes) const override {
    return owned_spec("AKS", target, "Standard_ND96isr_H100_v5", 8, nodes, {"1"});
  }
  // vCPU quota family of the ND H100 v5 size (gpu-catalogue.md §3.2).
  std::string quota_key(const cloud::NodePoolSpec&) const override { return "standardNDSH100v5Family"; }
  void expire_credentials() override { sim_.expire_tokens(); }

  std::unique_ptr<cloud::NodePoolProvider> provider_with_bad_credentials() override {
    return build("wrong-secret");  // right tenant and app, wrong secret: 401 invalid_client
  }

 private:
  std::unique_ptr<cloud::NodePoolProvider> build(const std::string& secret) {
    auto o = sim_.options();
    cloud::aks::AksConfig c;
    c.tenant_id = o.tenant_id;
    c.client_id = o.client_id;
    c.client_secret = secret;
    c.authority_host = c.arm_base = server_->base_url();
    c.subscription_id = o.subscription_id;
    c.resource_group = o.resource_group;
    c.cluster = o.cluster;
    c.location = o.location;
    c.ca_pem = ca_;
    return must(cloud::aks::make_aks_provider(c, SystemClock::instance()));
  }

  sim::cloud::World world_;
  sim::aks::AksSim sim_;
  std::string ca_;
  std::unique_ptr<sim::HttpServer> server_;
  std::unique_ptr<cloud::NodePoolProvider> provider_;
};

const bool registered = register_fixture("AKS", [] { return std::make_unique<AksFixture>(); });
}  // namespace

}  // namespace gpupool::contract
