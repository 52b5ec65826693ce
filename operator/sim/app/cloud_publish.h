#pragma once
// Publishes the mounted clouds into the state directory: each cloud's own
// files (DIR/gke/..., DIR/aks/...) and DIR/manifests/cloudclusters.yaml.
// Called once every server listens, before endpoints.json (which means "ready").
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/app/cloud_mount.h"

namespace gpupool::sim::app {

// `base_urls[i]` is where mounts[i] listens. Returns the endpoints.json
// entries ({"gke": url, "aks": {"arm": url, "login": url}, ...}).
// Throws std::runtime_error on I/O failure.
nlohmann::json publish_clouds(const std::filesystem::path& dir, const std::vector<std::unique_ptr<CloudMount>>& mounts,
                              const std::vector<std::string>& base_urls, const std::string& ca_pem);

}  // namespace gpupool::sim::app
