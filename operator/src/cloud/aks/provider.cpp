#include "cloud/aks/provider.h"

#include "cloud/aks/aks_provider.h"
#include "cloud/aks/auth.h"
#include "cloud/aks/client.h"

namespace gpupool::cloud::aks {

namespace {
std::string trimmed(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}
}  // namespace

Status apply_secret(AksConfig& config, const std::map<std::string, std::string>& data) {
  auto creds = credentials_from_secret(data);
  if (!creds) return creds.error();
  config.tenant_id = creds->tenant_id;
  config.client_id = creds->client_id;
  config.client_secret = creds->client_secret;
  config.authority_host = creds->authority_host;
  return ok();
}

Result<std::unique_ptr<NodePoolProvider>> make_aks_provider(const AksConfig& config, TransportFactory factory,
                                                            Clock& clock) {
  const AksConfig& c = config;
  if (c.tenant_id.empty() || c.client_id.empty() || c.client_secret.empty())
    return fail(ErrorCode::InvalidArgument, "aks config needs tenantId, clientId and clientSecret");
  if (c.subscription_id.empty() || c.resource_group.empty() || c.cluster.empty())
    return fail(ErrorCode::InvalidArgument, "aks config needs subscription, resource group and cluster");
  AksCredentials creds{c.tenant_id, c.client_id, c.client_secret,
                       c.authority_host.empty() ? std::string(kDefaultAuthorityHost) : trimmed(c.authority_host)};
  auto login = cloud_transport(factory, "aks", creds.authority_host, c.ca_pem, clock);
  if (!login) return login.error();
  auto arm = cloud_transport(factory, "aks", trimmed(c.arm_base), c.ca_pem, clock);
  if (!arm) return arm.error();
  auto tokens = make_token_cache(std::move(creds), *login, clock);
  auto client = std::make_shared<AksClient>(*arm, tokens, ArmRef{c.subscription_id, c.resource_group, c.cluster});
  return std::unique_ptr<NodePoolProvider>(std::make_unique<AksProvider>(client));
}

Result<std::unique_ptr<NodePoolProvider>> make_aks_provider(const AksConfig& config, Clock& clock) {
  return make_aks_provider(config, cpprest_transports(), clock);
}

}  // namespace gpupool::cloud::aks
