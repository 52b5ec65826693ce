#pragma once
// From a CloudCluster and its Secret's decoded data to each cloud's config and
// a bare NodePoolProvider (no decorators; see provider_registry.h). Nothing
// here sends a request: the provider factories only build transports.
// Errors are InvalidArgument with Error::reason set to the Ready reason the
// CloudCluster reconciler reports: "InvalidSpec" (spec, e.g. a bad caBundle)
// or "InvalidCredentials" (an unusable key). Messages name keys and fields,
// never values. Thread-safe (pure functions).
#include <map>
#include <memory>
#include <string>

#include "api/cloudcluster.h"
#include "cloud/cluster_gate.h"
#include "cloud/aks/provider.h"
#include "cloud/coreweave/provider.h"
#include "cloud/gke/provider.h"
#include "cloud/oke/provider.h"
#include "cloud/provider.h"
#include "common/clock.h"
#include "common/result.h"

namespace gpupool::cloud {

using SecretData = std::map<std::string, std::string>;

// spec.caBundle as PEM: base64 PEM (the CRD's form) or PEM as is; "" if unset.
Result<std::string> ca_pem_of(const api::CloudClusterSpec& spec);

Result<gke::GkeConfig> gke_config(const api::CloudCluster& c, const SecretData& data);
Result<aks::AksConfig> aks_config(const api::CloudCluster& c, const SecretData& data);
Result<oke::OkeConfig> oke_config(const api::CloudCluster& c, const SecretData& data);
Result<coreweave::CoreweaveConfig> coreweave_config(const api::CloudCluster& c, const SecretData& data);

// The provider for `c` over production transports; every request it sends
// first takes a token from `gate` (when given). `clock` must outlive it.
Result<std::unique_ptr<NodePoolProvider>> build_provider(const api::CloudCluster& c, const SecretData& data,
                                                         Clock& clock, std::shared_ptr<ClusterGate> gate = nullptr);

}  // namespace gpupool::cloud
