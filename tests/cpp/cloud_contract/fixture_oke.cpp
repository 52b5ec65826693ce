// OKE fixture: OkeSim behind an HTTPS HttpServer, OkeProvider over the real
// cpprest wire transport with the simulator's CA and generated API key.
#include "cloud/oke/provider.h"
#include "cloud_contract/fixture.h"
#include "sim/oke/oke_sim.h"
#include "sim/server/http_server.h"

namespace gpupool::contract {

namespace {
class OkeFixture final : public CloudFixture {
 public:
  OkeFixture() : world_(SystemClock::instance()), sim_(world_) {
    world_.set_provisioning_time(std::chrono::milliseconds(600));
    auto tls = start_tls_server("oke", sim_.handler());
    ca_ = tls.ca_pem;
    server_ = std::move(tls.server);
    provider_ = build(sim_.api_key().private_key_pem);
  }
  ~OkeFixture() override { server_->stop(); }

  std::string provider_name() const override { return "OKE"; }
  cloud::NodePoolProvider& provider() override { return *provider_; }
  sim::cloud::World& world() override { return world_; }
  std::string region() const override { return sim_.options().region; }

  cloud::NodePoolSpec spec(const std::string& target, int nodes) const override {
    // No taints: OKE node pools have none.
    return owned_spec("OKE", target, "VM.GPU.A10.1", 1, nodes, {sim_.options().availability_domains[0]}, false);
  }
  std::string quota_key(const cloud::NodePoolSpec&) const override { return "gpu-a10-count"; }
  // Every request is signed afresh; there is no session or token to expire.
  void expire_credentials() override {}

  std::unique_ptr<cloud::NodePoolProvider> provider_with_bad_credentials() override {
    // Same keyId, but a private key the simulator never saw.
    return build(sim::oke::generate_api_key().private_key_pem);
  }

 private:
  std::unique_ptr<cloud::NodePoolProvider> build(const std::string& private_key_pem) {
    auto key = sim_.api_key();
    const auto& so = sim_.options();
    cloud::oke::OkeConfig c;
    c.tenancy = key.tenancy;
    c.user = key.user;
    c.fingerprint = key.fingerprint;
    c.private_key_pem = private_key_pem;
    c.region = so.region;
    c.endpoint = server_->base_url();
    c.compartment_id = so.compartment_id;
    c.cluster_id = so.cluster_id;
    c.subnet_ids = so.subnet_ids;
    c.image_id = so.image_id;
    c.ca_pem = ca_;
    return must(cloud::oke::make_oke_provider(c, SystemClock::instance()));
  }

  sim::cloud::World world_;
  sim::oke::OkeSim sim_;
  std::string ca_;
  std::unique_ptr<sim::HttpServer> server_;
  std::unique_ptr<cloud::NodePoolProvider> provider_;
};

const bool registered = register_fixture("OKE", [] { return std::make_unique<OkeFixture>(); });
}  // namespace

}  // namespace gpupool::contract
