#pragma once
// Where each model lives in the API (group/version/plural) and its kind.
#include "kube/client.h"

namespace gpupool::api {

inline constexpr const char* kGroup = "gpupool.io";
inline constexpr const char* kVersion = "v1alpha1";
inline constexpr const char* kApiVersion = "gpupool.io/v1alpha1";

inline const kube::ResourceRef& gpupools() {
  static const kube::ResourceRef r{kGroup, kVersion, "gpupools", true};
  return r;
}
inline const kube::ResourceRef& cloudclusters() {
  static const kube::ResourceRef r{kGroup, kVersion, "cloudclusters", true};
  return r;
}
inline const kube::ResourceRef& secrets() {
  static const kube::ResourceRef r{"", "v1", "secrets", true};
  return r;
}
inline const kube::ResourceRef& events() {
  static const kube::ResourceRef r{"", "v1", "events", true};
  return r;
}
inline const kube::ResourceRef& leases() {
  static const kube::ResourceRef r{"coordination.k8s.io", "v1", "leases", true};
  return r;
}

}  // namespace gpupool::api
