#include "sim/app/cloud_publish.h"

#include "sim/app/cloud_manifests.h"
#include "sim/app/state_dir.h"

namespace gpupool::sim::app {
namespace fs = std::filesystem;

nlohmann::json publish_clouds(const fs::path& dir, const std::vector<std::unique_ptr<CloudMount>>& mounts,
                              const std::vector<std::string>& base_urls, const std::string& ca_pem) {
  nlohmann::json endpoints = nlohmann::json::object();
  std::vector<CloudManifest> manifests;
  for (std::size_t i = 0; i < mounts.size(); ++i) {
    endpoints[mounts[i]->key()] = mounts[i]->publish(dir, base_urls.at(i), ca_pem);
    manifests.push_back(mounts[i]->manifest(base_urls.at(i)));
  }
  fs::create_directories(dir / "manifests");
  // Holds every cloud credential: owner-only, like the kubeconfig.
  write_file_atomic(dir / "manifests" / "cloudclusters.yaml", render_cloud_manifests(manifests, ca_pem));
  return endpoints;
}

}  // namespace gpupool::sim::app
