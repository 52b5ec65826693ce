#pragma once
// load_config: controller-runtime's lookup order for the API server config:
//   1. --kubeconfig flag
//   2. KUBECONFIG (a colon-separated list: the first file that exists is
//      used; the files are NOT merged as kubectl would - one is enough here)
//   3. in-cluster service account (skipped when KUBECONFIG is set)
//   4. $HOME/.kube/config
// `context` overrides current-context for kubeconfig sources. Errors are
// meant to be printed at startup before exiting non-zero.
#include <string>

#include "common/result.h"
#include "config/in_cluster.h"
#include "config/rest_config.h"

namespace gpupool::config {

struct LoadOptions {
  std::string kubeconfig;            // --kubeconfig; "" = not given
  std::string context;               // --context; "" = current-context
  EnvLookup env = process_env();     // KUBECONFIG, HOME, KUBERNETES_SERVICE_*
  InClusterPaths in_cluster;
};

Result<RestConfig> load_config(const LoadOptions& opts = {});

}  // namespace gpupool::config
