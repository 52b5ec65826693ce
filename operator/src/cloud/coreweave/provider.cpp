#include "cloud/coreweave/provider.h"

#include "cloud/coreweave/coreweave_provider.h"
#include "http/cpprest_transport.h"
#include "kube/rest_client.h"

namespace gpupool::cloud::coreweave {

Result<std::unique_ptr<NodePoolProvider>> make_coreweave_provider(const CoreweaveConfig& config,
                                                                  TransportFactory factory, Clock& clock) {
  if (config.api_server.empty()) return fail(ErrorCode::InvalidArgument, "coreweave config needs apiServer");
  if (config.token.empty()) return fail(ErrorCode::InvalidArgument, "coreweave config needs the API token");
  http::TransportConfig tc;
  tc.base_url = config.api_server;
  tc.ca_pem = config.ca_pem;
  tc.bearer_token = config.token;
  tc.clock = &clock;
  // The ClusterGate rate-limits per CloudCluster; the transport only needs
  // to honour Retry-After, so its own limiter stays out of the way.
  tc.qps = 1000;
  tc.burst = 1000;
  tc.max_retries = 3;
  auto t = factory(tc);
  if (!t) return t.error().with_context("coreweave transport for " + config.api_server);
  auto client = std::make_shared<kube::RestClient>(std::shared_ptr<http::Transport>(std::move(*t)));
  return std::unique_ptr<NodePoolProvider>(
      std::make_unique<CoreweaveProvider>(client, clock, config.provisioning_timeout));
}

Result<std::unique_ptr<NodePoolProvider>> make_coreweave_provider(const CoreweaveConfig& config, Clock& clock) {
  return make_coreweave_provider(
      config, [](const http::TransportConfig& tc) { return http::make_cpprest_transport(tc); }, clock);
}

}  // namespace gpupool::cloud::coreweave
