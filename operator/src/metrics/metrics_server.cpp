#include "metrics/metrics_server.h"

#include <prometheus/exposer.h>

#include <exception>

namespace gpupool::metrics {

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const BindAddress& addr, const Metrics& metrics) {
  // civetweb's listening_ports syntax: "[ip:]port".
  std::string spec = (addr.host.empty() ? "" : addr.host + ":") + std::to_string(addr.port);
  std::unique_ptr<MetricsServer> s(new MetricsServer());
  try {  // Exposer throws std::runtime_error when it cannot bind
    s->exposer_ = std::make_unique<prometheus::Exposer>(spec, 2);
  } catch (const std::exception& e) {
    return fail(ErrorCode::Unavailable, "metrics server: cannot listen on " + spec + ": " + e.what());
  }
  for (const auto& c : metrics.collectables()) s->exposer_->RegisterCollectable(c, "/metrics");
  auto ports = s->exposer_->GetListeningPorts();
  s->port_ = ports.empty() ? addr.port : ports.front();
  return s;
}

MetricsServer::~MetricsServer() = default;

}  // namespace gpupool::metrics
