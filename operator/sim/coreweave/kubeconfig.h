#pragma once
// The kubeconfig CoreWeave hands out for a CKS cluster with managed auth: a
// plain kubeconfig whose user carries the CW-SECRET token as a static bearer
// token (cloud-apis.md §4.2). Thread-safe.
#include <string>

namespace gpupool::sim::coreweave {

struct KubeconfigData {
  std::string cluster;  // cluster/context name
  std::string server;   // https://127.0.0.1:PORT
  std::string ca_pem;   // "" = omit certificate-authority-data
  std::string token;
};

std::string kubeconfig_yaml(const KubeconfigData& d);
// Writes kubeconfig_yaml(d) to `path` (parents created, mode 0600).
// Throws std::runtime_error on I/O failure.
void write_kubeconfig(const std::string& path, const KubeconfigData& d);

}  // namespace gpupool::sim::coreweave
