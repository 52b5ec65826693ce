#include "cloud/gke/provider.h"

#include "cloud/gke/auth.h"
#include "cloud/gke/gke_provider.h"

namespace gpupool::cloud::gke {

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
  auto token_t = cloud_transport(factory, "gke", token_url->base, c.ca_pem, clock);
  auto container_t = cloud_transport(factory, "gke", c.api_base, c.ca_pem, clock);
  auto compute_t = cloud_transport(factory, "gke", c.compute_base, c.ca_pem, clock);
  if (!token_t) return token_t.error();
  if (!container_t) return container_t.error();
  if (!compute_t) return compute_t.error();
  auto tokens = make_token_cache(*key, *token_t, token_url->path, clock);
  auto client = std::make_shared<GkeClient>(*container_t, *compute_t, tokens,
                                            ClusterRef{c.project, c.location, c.cluster});
  return std::unique_ptr<NodePoolProvider>(std::make_unique<GkeProvider>(client));
}

Result<std::unique_ptr<NodePoolProvider>> make_gke_provider(const GkeConfig& config, Clock& clock) {
  return make_gke_provider(config, cpprest_transports(), clock);
}

}  // namespace gpupool::cloud::gke
