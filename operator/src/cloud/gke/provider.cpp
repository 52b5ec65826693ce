#include "cloud/gke/provider.h"

#include "cloud/gke/auth.h"
#include "cloud/gke/gke_provider.h"
#include "http/cpprest_transport.h"

namespace gpupool::cloud::gke {

namespace {
Result<std::shared_ptr<http::Transport>> transport_for(const TransportFactory& factory, const std::string& base,
                                                       const GkeConfig& c, Clock& clock) {
  http::TransportConfig tc;
  tc.base_url = base;
  tc.ca_pem = c.ca_pem;
  tc.clock = &clock;
  // The ClusterGate rate-limits per CloudCluster; the transport only needs
  // to honour Retry-After, so its own limiter stays out of the way.
  tc.qps = 1000;
  tc.burst = 1000;
  tc.max_retries = 3;
  auto t = factory(tc);
  if (!t) return t.error().with_context("gke transport for " + base);
  return std::shared_ptr<http::Transport>(std::move(*t));
}
}  // namespace

Result<std::unique_ptr<NodePoolProvider>> make_gke_provider(const GkeConfig& config, TransportFactory factory,
                                                            Clock& clock) {
  auto key = parse_service_account_key(config.service_account_json);
  if (!key) return key.error();
  GkeConfig c = config;
  if (c.project.empty()) c.project = key->project_id;
  if (c.project.empty() || c.location.empty() || c.cluster.empty())
    return fail(ErrorCode::InvalidArgument, "gke config needs project, location and cluster");
  auto token_url = split_url(key->token_uri);
  if (!token_url) return token_url.error();
  auto token_t = transport_for(factory, token_url->base, c, clock);
  auto container_t = transport_for(factory, c.api_base, c, clock);
  auto compute_t = transport_for(factory, c.compute_base, c, clock);
  if (!token_t) return token_t.error();
  if (!container_t) return container_t.error();
  if (!compute_t) return compute_t.error();
  auto tokens = make_token_cache(*key, *token_t, token_url->path, clock);
  auto client = std::make_shared<GkeClient>(*container_t, *compute_t, tokens,
                                            ClusterRef{c.project, c.location, c.cluster});
  return std::unique_ptr<NodePoolProvider>(std::make_unique<GkeProvider>(client));
}

Result<std::unique_ptr<NodePoolProvider>> make_gke_provider(const GkeConfig& config, Clock& clock) {
  return make_gke_provider(config, [](const http::TransportConfig& tc) { return http::make_cpprest_transport(tc); },
                           clock);
}

}  // namespace gpupool::cloud::gke
