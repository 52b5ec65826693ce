#pragma once
// RestConfig: how to reach and authenticate to the API server, as resolved
// from a kubeconfig or the in-cluster service account (load_config.h).
#include <string>

#include "http/transport_config.h"

namespace gpupool::config {

struct RestConfig {
  http::TransportConfig transport;       // server, TLS material, token(file)
  std::string default_namespace = "default";
  std::string source;                    // for logs: "kubeconfig /x (context y)" or "in-cluster"
};

}  // namespace gpupool::config
