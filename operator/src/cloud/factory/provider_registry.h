#pragma once
// ProviderRegistry: one NodePoolProvider per CloudCluster ("ns/name"), built
// from the CloudCluster's spec and its Secret's data, and decorated
//   InstrumentedProvider(observer) -> RedactingProvider -> cloud
// so every call is counted and returns errors scrubbed of secret material;
// the builder gets the cluster's gate for the cloud's transports, so
// every HTTP request (retries and multi-request calls included) waits for
// the cluster's request budget.
//
// Rebuilt when the CloudCluster's generation or the Secret's resourceVersion
// changes. The Secret's values come from a fresh GET (the Secret cache keeps
// key names only); its resourceVersion is read from `secrets` (when given)
// so an unchanged Secret costs no request. Values are never logged or put in
// errors. Thread-safe: concurrent get()s for one key build once; different
// keys build in parallel (a build is a Secret GET, no cloud request).
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "api/cloudcluster.h"
#include "api/secret.h"
#include "cloud/cluster_gate.h"
#include "cloud/factory/provider_builder.h"
#include "cloud/instrumented.h"
#include "common/clock.h"
#include "kube/cache.h"
#include "kube/client.h"

namespace gpupool::cloud {

class ProviderRegistry {
 public:
  // Builds the bare cloud provider whose requests take tokens from the
  // cluster's gate (tests inject fakes; default: build_provider).
  using Builder = std::function<Result<std::unique_ptr<NodePoolProvider>>(
      const api::CloudCluster&, const SecretData&, std::shared_ptr<ClusterGate>)>;

  // Everything must outlive the registry; `secrets` may be null (then every
  // get() re-reads the Secret to learn its resourceVersion).
  ProviderRegistry(kube::Client& client, Clock& clock, CallObserver& observer,
                   const kube::Cache<api::Secret>* secrets = nullptr, Builder builder = nullptr);

  // The provider for `c`. Errors: the Secret GET's (NotFound, Unavailable,
  // ...), a Secret value that is not base64, or build_provider's
  // InvalidArgument (reason InvalidSpec/InvalidCredentials).
  Result<std::shared_ptr<NodePoolProvider>> get(const api::CloudCluster& c);
  // The cluster's gate (rate limit + mutation claim); valid until forget(key).
  ClusterGate& gate(const std::string& key);
  std::shared_ptr<ClusterGate> shared_gate(const std::string& key);
  // Drops the provider and gate (CloudCluster deleted).
  void forget(const std::string& key);
  // Number of provider builds so far (tests).
  long builds() const;

 private:
  struct Slot {
    std::mutex mu;  // held while (re)building this key
    std::shared_ptr<NodePoolProvider> provider;
    long long generation = -1;
    std::string secret_rv;
  };
  std::shared_ptr<Slot> slot(const std::string& key);
  std::string cached_secret_rv(const api::CloudCluster& c) const;
  Result<std::shared_ptr<NodePoolProvider>> build(const api::CloudCluster& c, Slot& s);
  Result<std::pair<SecretData, std::string>> read_secret(const api::CloudCluster& c);

  kube::Client& client_;
  Clock& clock_;
  CallObserver& observer_;
  const kube::Cache<api::Secret>* secrets_;
  Builder builder_;
  ClusterGates gates_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Slot>> slots_;
  std::map<std::string, double> rates_;
  long builds_ = 0;
};

}  // namespace gpupool::cloud
