// GKE in gpupool-sim: sim/gke behind its own HTTPS port (docs/simulator.md).
#include "sim/app/cloud_mount.h"
#include "sim/gke/gke_sim.h"

namespace gpupool::sim::app {
namespace {

class GkeMount : public CloudMount {
 public:
  explicit GkeMount(cloud::World& world) : CloudMount("gke", 2), sim_(world, opts_) {}

  HttpHandler handler() override { return sim_.handler(); }

  nlohmann::json publish(const std::filesystem::path& dir, const std::string& base_url,
                         const std::string& /*ca_pem*/) override {
    sim_.write_files(dir.string(), base_url);  // token_uri = base_url + "/token"
    return base_url;
  }

  CloudManifest manifest(const std::string& base_url) const override {
    CloudManifest m;
    m.provider = "GKE";
    m.name = "gke-sim";
    m.endpoint = base_url;
    m.string_data["service-account.json"] = sim_.service_account_json();
    m.block_key = "gke";
    m.block = {{"project", opts_.project}, {"location", opts_.location}, {"cluster", opts_.cluster}};
    return m;
  }

 private:
  gke::GkeSimOptions opts_;  // defaults; also the CloudCluster's gke block
  gke::GkeSim sim_;
};

}  // namespace

std::unique_ptr<CloudMount> make_gke_mount(cloud::World& world) { return std::make_unique<GkeMount>(world); }

}  // namespace gpupool::sim::app
