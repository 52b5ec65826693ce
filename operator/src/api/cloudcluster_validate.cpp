// Cross-field validation of CloudCluster specs and the per-provider secret
// key lists (from the CRD issue; optional keys are not listed).
#include <string>

#include "api/cloudcluster.h"

namespace gpupool::api {
namespace {

const char* block_name(Provider p) {
  switch (p) {
    case Provider::GKE: return "gke";
    case Provider::AKS: return "aks";
    case Provider::OKE: return "oke";
    case Provider::CoreWeave: return "coreweave";
  }
  return "";
}

std::vector<Provider> blocks_present(const CloudClusterSpec& s) {
  std::vector<Provider> out;
  if (s.gke) out.push_back(Provider::GKE);
  if (s.aks) out.push_back(Provider::AKS);
  if (s.oke) out.push_back(Provider::OKE);
  if (s.coreweave) out.push_back(Provider::CoreWeave);
  return out;
}

// Required fields inside the (single) block; the first missing one is reported.
std::optional<std::string> check_block(const CloudClusterSpec& s) {
  std::vector<std::pair<const std::string*, const char*>> need;
  if (s.gke) need = {{&s.gke->project, "spec.gke.project"}, {&s.gke->location, "spec.gke.location"},
                     {&s.gke->cluster, "spec.gke.cluster"}};
  if (s.aks) need = {{&s.aks->subscription_id, "spec.aks.subscriptionId"},
                     {&s.aks->resource_group, "spec.aks.resourceGroup"}, {&s.aks->cluster, "spec.aks.cluster"}};
  if (s.oke) need = {{&s.oke->region, "spec.oke.region"}, {&s.oke->compartment_id, "spec.oke.compartmentId"},
                     {&s.oke->cluster_id, "spec.oke.clusterId"}};
  // CoreWeave's CKS API server may instead come from spec.endpoint.
  if (s.coreweave && s.endpoint.empty()) need = {{&s.coreweave->api_server, "spec.coreweave.apiServer"}};
  for (const auto& [value, path] : need)
    if (value->empty()) return std::string(path) + ": required";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> validate_spec(const CloudClusterSpec& s) {
  if (!s.provider) return "spec.provider: required (one of GKE, AKS, OKE, CoreWeave)";
  if (s.credentials_secret.empty()) return "spec.credentialsSecretRef.name: required";
  auto blocks = blocks_present(s);
  std::string want = block_name(*s.provider);
  if (blocks.empty()) return "spec." + want + ": required for provider " + to_string(*s.provider);
  if (blocks.size() > 1) {
    std::string names;
    for (auto p : blocks) names += (names.empty() ? "" : ", ") + std::string(block_name(p));
    return "spec: exactly one provider block allowed, found " + names;
  }
  if (blocks[0] != *s.provider)
    return "spec." + std::string(block_name(blocks[0])) + ": does not match provider " + to_string(*s.provider) +
           " (expected spec." + want + ")";
  return check_block(s);
}

const std::vector<std::string>& required_secret_keys(Provider p) {
  static const std::vector<std::string> kGke{"service-account.json"};
  static const std::vector<std::string> kAks{"tenantId", "clientId", "clientSecret"};
  static const std::vector<std::string> kOke{"tenancy", "user", "fingerprint", "privateKey"};
  static const std::vector<std::string> kCoreWeave{"token"};
  switch (p) {
    case Provider::GKE: return kGke;
    case Provider::AKS: return kAks;
    case Provider::OKE: return kOke;
    case Provider::CoreWeave: return kCoreWeave;
  }
  return kGke;
}

}  // namespace gpupool::api
