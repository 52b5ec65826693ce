// GKE fixture: GkeSim behind an HTTPS HttpServer, GkeProvider over the real
// cpprest transport with the simulator's CA and service-account key.
#include "cloud/gke/provider.h"
#include "cloud_contract/fixture.h"
#include "sim/gke/gke_sim.h"
#include "sim/gke/sa_key.h"
#include "sim/server/http_server.h"

namespace gpupool::contract {

namespace {
class GkeFixture final : public CloudFixture {
 public:
  GkeFixture() : world_(SystemClock::instance()), sim_(world_) {
    world_.set_provisioning_time(std::chrono::milliseconds(600));
    auto tls = start_tls_server("gke", sim_.handler());
    ca_ = tls.ca_pem;
    server_ = std::move(tls.server);
    sim_.set_base_url(server_->base_url());
    provider_ = build(sim_.service_account_json());
  }
  ~GkeFixture() override { server_->stop(); }

  std::string provider_name() const override { return "GKE"; }
  cloud::NodePoolProvider& provider() override { return *provider_; }
  sim::cloud::World& world() override { return world_; }
  std::string region() const override { return "us-central1"; }

  cloud::NodePoolSpec spec(const std::string& target, int nodes) const override {
    return owned_spec("GKE", target, "g2-standard-8", 1, nodes, {"us-central1-a"});
  }
  std::string quota_key(const cloud::NodePoolSpec& s) const override { return s.machine_type; }
  void expire_credentials() override { sim_.revoke_tokens(); }

  std::unique_ptr<cloud::NodePoolProvider> provider_with_bad_credentials() override {
    // Same account and token_uri, but a key the simulator never issued.
    auto stranger = sim::gke::generate_service_account("gpupool-test");
    return build(sim::gke::key_file_json(stranger, server_->base_url() + "/token"));
  }

 private:
  std::unique_ptr<cloud::NodePoolProvider> build(const std::string& key_json) {
    cloud::gke::GkeConfig c;
    c.service_account_json = key_json;
    c.api_base = c.compute_base = server_->base_url();
    c.project = "gpupool-test";
    c.location = "us-central1";
    c.cluster = "gpu-cluster";
    c.ca_pem = ca_;
    return must(cloud::gke::make_gke_provider(c, SystemClock::instance()));
  }

  sim::cloud::World world_;
  sim::gke::GkeSim sim_;
  std::string ca_;
  std::unique_ptr<sim::HttpServer> server_;
  std::unique_ptr<cloud::NodePoolProvider> provider_;
};

const bool registered = register_fixture("GKE", [] { return std::make_unique<GkeFixture>(); });
}  // namespace

}  // namespace gpupool::contract
