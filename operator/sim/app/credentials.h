#pragma once
// TLS material and bearer token of the Kubernetes API. Fresh for every run,
// unless --persist: then they are kept in DIR/pki/ and reused, so a
// kubeconfig written by an earlier run keeps working after a restart.
#include <filesystem>
#include <string>

#include "sim/server/tls.h"

namespace gpupool::sim::app {

struct Credentials {
  tls::Pki pki;
  std::string token;
};

// Throws std::runtime_error if generation or saving fails.
Credentials load_or_create_credentials(const std::filesystem::path& state_dir, bool persist);

}  // namespace gpupool::sim::app
