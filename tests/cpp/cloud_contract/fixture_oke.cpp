// OKE fixture: OkeSim behind an HTTPS HttpServer, OkeProvider over the real
// cpprest wire transport with the simulator's CA and generated API key.
#include <stdexcept>

#include "cloud/oke/provider.h"
#include "cloud/ownership.h"
#include "cloud_contract/fixture.h"
#include "sim/oke/oke_sim.h"
#include "sim/server/http_server.h"
#include "sim/server/tls.h"

namespace gpupool::contract {

namespace {
class OkeFixture final : public CloudFixture {
 public:
  OkeFixture() : world_(SystemClock::instance()), sim_(world_) {
    world_.set_provisioning_time(std::chrono::milliseconds(600));
    auto pki = sim::tls::generate_pki();
    ca_ = pki.ca_cert_pem;
    sim::HttpServerOptions o;
    o.cert_chain_pem = pki.server_cert_pem + pki.ca_cert_pem;
    o.private_key_pem = pki.server_key_pem;
    o.name = "oke";
    server_ = std::make_unique<sim::HttpServer>(o, sim_.handler());
    server_->start();
    provider_ = build(sim_.api_key().private_key_pem);
  }
  ~OkeFixture() override { server_->stop(); }

  std::string provider_name() const override { return "OKE"; }
  cloud::NodePoolProvider& provider() override { return *provider_; }
  sim::cloud::World& world() override { return world_; }
  std::string region() const override { return sim_.options().region; }

  cloud::NodePoolSpec spec(const std::string& target, int nodes) const override {
    cloud::NodePoolSpec s;
    s.owner = {"team-a", "train", "6c1f0a52-9d7e-4b8e-8f43-0d2b1c9e7a11", target};
    s.name = cloud::pool_name("OKE", s.owner);
    s.machine_type = "VM.GPU.A10.1";
    s.gpus_per_node = 1;
    s.node_count = nodes;
    s.zones = {sim_.options().availability_domains[0]};
    s.labels = {{"gpupool.io/pool", "train"}};  // no taints: OKE node pools have none
    return s;
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
    auto p = cloud::oke::make_oke_provider(c, SystemClock::instance());
    if (!p) throw std::runtime_error(p.error().describe());
    return std::move(*p);
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
