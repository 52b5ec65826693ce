#include "sim/app/cloud_mount.h"

namespace gpupool::sim::app {

std::vector<std::unique_ptr<CloudMount>> make_cloud_mounts(cloud::World& world) {
  std::vector<std::unique_ptr<CloudMount>> mounts;
  mounts.push_back(make_gke_mount(world));
  mounts.push_back(make_aks_mount(world));
  mounts.push_back(make_oke_mount(world));
  mounts.push_back(make_coreweave_mount(world));
  return mounts;
}

}  // namespace gpupool::sim::app
