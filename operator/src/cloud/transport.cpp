#include "cloud/transport.h"

#include "http/cpprest_transport.h"

namespace gpupool::cloud {

TransportFactory cpprest_transports() {
  return [](const http::TransportConfig& tc) { return http::make_cpprest_transport(tc); };
}

TransportFactory raw_cpprest_transports() {
  return [](const http::TransportConfig& tc) { return http::make_raw_cpprest_transport(tc); };
}

TransportFactory gated(TransportFactory inner, std::shared_ptr<ClusterGate> gate) {
  if (!gate) return inner;
  return [inner = std::move(inner), gate = std::move(gate)](const http::TransportConfig& tc) {
    http::TransportConfig with = tc;
    with.before_send = [gate] { gate->acquire(); };
    return inner(with);
  };
}

Result<std::shared_ptr<http::Transport>> cloud_transport(const TransportFactory& factory, std::string_view cloud,
                                                         const std::string& base, const std::string& ca_pem,
                                                         Clock& clock,
                                                         const std::function<void(http::TransportConfig&)>& tune) {
  http::TransportConfig tc;
  tc.base_url = base;
  tc.ca_pem = ca_pem;
  tc.clock = &clock;
  tc.qps = 1000;
  tc.burst = 1000;
  tc.max_retries = 3;
  if (tune) tune(tc);
  auto t = factory(tc);
  if (!t) return t.error().with_context(std::string(cloud) + " transport for " + base);
  return std::shared_ptr<http::Transport>(std::move(*t));
}

}  // namespace gpupool::cloud
