// AKS in gpupool-sim: sim/aks behind its own HTTPS port. One server answers
// both ARM and the Entra ID login paths, so endpoints.json's aks.arm and
// aks.login are the same URL (clients must not assume that).
#include "sim/aks/aks_sim.h"
#include "sim/app/cloud_mount.h"

namespace gpupool::sim::app {
namespace {

class AksMount : public CloudMount {
 public:
  explicit AksMount(cloud::World& world) : CloudMount("aks", 3), sim_(world) {}

  HttpHandler handler() override { return sim_.handler(); }

  nlohmann::json publish(const std::filesystem::path& dir, const std::string& base_url,
                         const std::string& /*ca_pem*/) override {
    sim_.write_files(dir.string(), base_url, base_url);
    return {{"arm", base_url}, {"login", base_url}};
  }

  CloudManifest manifest(const std::string& base_url) const override {
    const auto o = sim_.options();  // random tenant/client/secret/subscription per run
    CloudManifest m;
    m.provider = "AKS";
    m.name = "aks-sim";
    m.endpoint = base_url;
    m.string_data = {{"tenantId", o.tenant_id},
                     {"clientId", o.client_id},
                     {"clientSecret", o.client_secret},
                     {"authorityHost", o.login_url.empty() ? base_url : o.login_url}};
    m.block_key = "aks";
    m.block = {{"subscriptionId", o.subscription_id},
               {"resourceGroup", o.resource_group},
               {"cluster", o.cluster},
               {"location", o.location}};
    return m;
  }

 private:
  aks::AksSim sim_;
};

}  // namespace

std::unique_ptr<CloudMount> make_aks_mount(cloud::World& world) { return std::make_unique<AksMount>(world); }

}  // namespace gpupool::sim::app
