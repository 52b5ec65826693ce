// CoreWeave in gpupool-sim: sim/coreweave (a CKS cluster's own Kubernetes API
// server with the NodePool CRD) behind its own HTTPS port. The CloudCluster's
// endpoint and coreweave.apiServer are both that server.
#include "sim/app/cloud_mount.h"
#include "sim/coreweave/coreweave_sim.h"

namespace gpupool::sim::app {
namespace {

class CoreweaveMount : public CloudMount {
 public:
  explicit CoreweaveMount(cloud::World& world) : CloudMount("coreweave", 5), sim_(world) {}

  HttpHandler handler() override { return sim_.handler(); }

  nlohmann::json publish(const std::filesystem::path& dir, const std::string& base_url,
                         const std::string& ca_pem) override {
    sim_.set_base_url(base_url);
    sim_.write_files(dir.string(), base_url, ca_pem);  // DIR/coreweave/kubeconfig
    return base_url;
  }

  void start() override { sim_.start(); }  // the NodePool controller
  void stop() override { sim_.stop(); }

  CloudManifest manifest(const std::string& base_url) const override {
    CloudManifest m;
    m.provider = "CoreWeave";
    m.name = "coreweave-sim";
    m.endpoint = base_url;
    m.string_data["token"] = sim_.token();
    m.block_key = "coreweave";
    m.block = {{"apiServer", base_url}};
    return m;
  }

 private:
  coreweave::CoreweaveSim sim_;
};

}  // namespace

std::unique_ptr<CloudMount> make_coreweave_mount(cloud::World& world) {
  return std::make_unique<CoreweaveMount>(world);
}

}  // namespace gpupool::sim::app
