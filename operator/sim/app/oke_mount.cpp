// OKE in gpupool-sim: sim/oke behind its own HTTPS port; clients sign every
// request with the API key in DIR/oke/ (the Secret carries the same key).
#include "sim/app/cloud_mount.h"
#include "sim/oke/oke_sim.h"

namespace gpupool::sim::app {
namespace {

class OkeMount : public CloudMount {
 public:
  explicit OkeMount(cloud::World& world) : CloudMount("oke", 4), sim_(world) {}

  HttpHandler handler() override { return sim_.handler(); }

  nlohmann::json publish(const std::filesystem::path& dir, const std::string& base_url,
                         const std::string& /*ca_pem*/) override {
    sim_.write_files(dir.string(), base_url);  // oke/config, oke/oci_api_key.pem, oke/cluster.json
    return base_url;
  }

  CloudManifest manifest(const std::string& base_url) const override {
    const oke::ApiKey key = sim_.api_key();  // generated per run
    const auto& o = sim_.options();
    CloudManifest m;
    m.provider = "OKE";
    m.name = "oke-sim";
    m.endpoint = base_url;
    m.string_data = {{"tenancy", key.tenancy},
                     {"user", key.user},
                     {"fingerprint", key.fingerprint},
                     {"privateKey", key.private_key_pem}};
    m.block_key = "oke";
    m.block = {{"region", o.region},
               {"compartmentId", o.compartment_id},
               {"clusterId", o.cluster_id},
               {"subnetIds", o.subnet_ids},
               {"imageId", o.image_id}};
    return m;
  }

 private:
  oke::OkeSim sim_;
};

}  // namespace

std::unique_ptr<CloudMount> make_oke_mount(cloud::World& world) { return std::make_unique<OkeMount>(world); }

}  // namespace gpupool::sim::app
