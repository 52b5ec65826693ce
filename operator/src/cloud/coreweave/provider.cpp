#include "cloud/coreweave/provider.h"

#include "cloud/coreweave/coreweave_provider.h"
#include "kube/rest_client.h"

namespace gpupool::cloud::coreweave {

Result<std::unique_ptr<NodePoolProvider>> make_coreweave_provider(const CoreweaveConfig& config,
                                                                  TransportFactory factory, Clock& clock) {
  if (config.api_server.empty()) return fail(ErrorCode::InvalidArgument, "coreweave config needs apiServer");
  if (config.token.empty()) return fail(ErrorCode::InvalidArgument, "coreweave config needs the API token");
  auto t = cloud_transport(factory, "coreweave", config.api_server, config.ca_pem, clock,
                           [&](http::TransportConfig& tc) { tc.bearer_token = config.token; });
  if (!t) return t.error();
  auto client = std::make_shared<kube::RestClient>(*t);
  return std::unique_ptr<NodePoolProvider>(
      std::make_unique<CoreweaveProvider>(client, clock, config.provisioning_timeout));
}

Result<std::unique_ptr<NodePoolProvider>> make_coreweave_provider(const CoreweaveConfig& config, Clock& clock) {
  return make_coreweave_provider(config, cpprest_transports(), clock);
}

}  // namespace gpupool::cloud::coreweave
