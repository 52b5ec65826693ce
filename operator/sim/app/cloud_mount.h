#pragma once
// One simulated cloud as gpupool-sim mounts it: its own HTTPS server (the
// handler), its files in the state directory, its endpoints.json value and
// the Secret + CloudCluster that point the operator at it
// (docs/simulator.md, "Cloud APIs"). One implementation per cloud
// (gke_mount.cpp, aks_mount.cpp, ...), listed by make_cloud_mounts().
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/cloud/world.h"
#include "sim/server/http_types.h"

namespace gpupool::sim::app {

// What cloudclusters.yaml holds for one cloud: a Secret named `name` with
// `string_data`, and a CloudCluster `name` (namespace default) whose
// spec.<block_key> is `block`.
struct CloudManifest {
  std::string provider;               // spec.provider: "GKE", "AKS", "OKE", "CoreWeave"
  std::string name;                   // "gke-sim": Secret and CloudCluster name
  std::string endpoint;               // spec.endpoint: the simulator's base URL
  nlohmann::ordered_json string_data;  // Secret stringData (the operator's keys)
  std::string block_key;              // "gke"
  nlohmann::ordered_json block;        // spec.gke / spec.aks / ...
};

class CloudMount {
 public:
  CloudMount(std::string key, int port_offset) : key_(std::move(key)), port_offset_(port_offset) {}
  virtual ~CloudMount() = default;
  CloudMount(const CloudMount&) = delete;
  CloudMount& operator=(const CloudMount&) = delete;

  // endpoints.json / ports.json key and server name in logs: "gke".
  const std::string& key() const { return key_; }
  // Port = --port-base + offset (kube 0, admin 1, gke 2, aks 3, oke 4, coreweave 5).
  int port_offset() const { return port_offset_; }

  // Serves the cloud API; valid as long as this mount lives.
  virtual HttpHandler handler() = 0;
  // Tells the simulator its URL, writes DIR/<key>/... and returns the
  // endpoints.json value (a URL string, or an object such as AKS's {arm, login}).
  // `ca_pem` is the CA of the server certificate (for files that embed it).
  virtual nlohmann::json publish(const std::filesystem::path& dir, const std::string& base_url,
                                 const std::string& ca_pem) = 0;
  // Background work of the simulator (a controller thread), started once the
  // server listens and stopped before the servers close. Default: none.
  virtual void start() {}
  virtual void stop() {}
  // The Secret and CloudCluster for this cloud (call after publish()).
  virtual CloudManifest manifest(const std::string& base_url) const = 0;

 private:
  std::string key_;
  int port_offset_;
};

std::unique_ptr<CloudMount> make_gke_mount(cloud::World& world);
std::unique_ptr<CloudMount> make_aks_mount(cloud::World& world);
std::unique_ptr<CloudMount> make_oke_mount(cloud::World& world);
std::unique_ptr<CloudMount> make_coreweave_mount(cloud::World& world);

// Every cloud gpupool-sim serves, in port order.
std::vector<std::unique_ptr<CloudMount>> make_cloud_mounts(cloud::World& world);

}  // namespace gpupool::sim::app
