#pragma once
// Serves Metrics at GET /metrics (prometheus-cpp Exposer, civetweb inside).
// Starts listening in start(); stops in the destructor.
#include <memory>

#include "common/result.h"
#include "metrics/bind_address.h"
#include "metrics/metrics.h"

namespace prometheus {
class Exposer;
}

namespace gpupool::metrics {

class MetricsServer {
 public:
  // Unavailable if the port cannot be bound. `metrics` must outlive the server.
  static Result<std::unique_ptr<MetricsServer>> start(const BindAddress& addr, const Metrics& metrics);
  ~MetricsServer();
  int port() const { return port_; }

 private:
  MetricsServer() = default;
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
};

}  // namespace gpupool::metrics
