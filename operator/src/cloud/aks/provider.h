#pragma once
// AKS NodePoolProvider factory (cloud-apis.md §2): agent pools of one
// managed cluster through ARM, authenticated with Entra ID client
// credentials. See aks_provider.h for the behaviour.
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "cloud/provider.h"
#include "cloud/transport.h"
#include "common/clock.h"
#include "common/result.h"

namespace gpupool::cloud::aks {

struct AksConfig {
  std::string tenant_id, client_id, client_secret;  // client_secret is a secret
  std::string authority_host = "https://login.microsoftonline.com";
  std::string arm_base = "https://management.azure.com";  // CloudCluster spec.endpoint overrides
  std::string subscription_id, resource_group, cluster;
  std::string location;  // informational: AKS derives pool location from the cluster
  std::string ca_pem;    // trusted roots for both hosts; empty = system roots
};

// Fills the credential fields from a Secret's data (tenantId, clientId,
// clientSecret, optional authorityHost). InvalidArgument names a missing key.
Status apply_secret(AksConfig& config, const std::map<std::string, std::string>& data);

// InvalidArgument for a config missing ids or credentials. `clock` must outlive the provider.
Result<std::unique_ptr<NodePoolProvider>> make_aks_provider(const AksConfig& config, TransportFactory factory,
                                                            Clock& clock);
// Same, with the production cpprest transport.
Result<std::unique_ptr<NodePoolProvider>> make_aks_provider(const AksConfig& config, Clock& clock);

}  // namespace gpupool::cloud::aks
