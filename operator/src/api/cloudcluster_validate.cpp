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

// Required fields inside the (single) block, as the CRD lists them; the
// first missing one is reported (the API server normally catches these, but
// we must not trust that a schema was installed).
std::optional<std::string> check_block(const CloudClusterSpec& s) {
  std::vector<std::pair<bool, const char*>> need;
  if (s.gke) need = {{s.gke->project.empty(), "spec.gke.project"}, {s.gke->location.empty(), "spec.gke.location"},
                     {s.gke->cluster.empty(), "spec.gke.cluster"}};
  if (s.aks) need = {{s.aks->subscription_id.empty(), "spec.aks.subscriptionId"},
                     {s.aks->resource_group.empty(), "spec.aks.resourceGroup"},
                     {s.aks->cluster.empty(), "spec.aks.cluster"}, {s.aks->location.empty(), "spec.aks.location"}};
  if (s.oke) need = {{s.oke->region.empty(), "spec.oke.region"}, {s.oke->compartment_id.empty(), "spec.oke.compartmentId"},
                     {s.oke->cluster_id.empty(), "spec.oke.clusterId"}, {s.oke->subnet_ids.empty(), "spec.oke.subnetIds"},
                     {s.oke->image_id.empty(), "spec.oke.imageId"}};
  if (s.coreweave) need = {{s.coreweave->api_server.empty(), "spec.coreweave.apiServer"}};
  for (const auto& [missing, path] : need)
    if (missing) return std::string(path) + ": required";
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
