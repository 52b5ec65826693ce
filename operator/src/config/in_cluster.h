#pragma once
// In-cluster configuration (client-go rest.InClusterConfig): server from
// KUBERNETES_SERVICE_HOST/PORT, the projected service-account token (kept as
// a token *file*: the kubelet rotates it, the transport re-reads it), the
// cluster CA and the pod's namespace. Paths and environment are injectable
// for tests.
#include <functional>
#include <optional>
#include <string>

#include "common/result.h"
#include "config/rest_config.h"

namespace gpupool::config {

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
// Reads the process environment (unset and empty both give nullopt).
EnvLookup process_env();

struct InClusterPaths {
  std::string token = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  std::string ca = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";
  std::string namespace_file = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
};

// NotFound when not running in a cluster (either env var unset);
// Unauthenticated when the token file is missing or empty. A missing CA is
// logged and the system roots are used; a missing namespace file gives
// "default".
Result<RestConfig> load_in_cluster(const EnvLookup& env, const InClusterPaths& paths = {});

}  // namespace gpupool::config
