#pragma once
// CloudClusterReconciler: validates a CloudCluster's spec and the Secret it
// references, and reports the verdict as the Ready condition:
//   InvalidSpec        spec undecodable or provider block missing/mismatched
//   SecretNotFound     credentialsSecretRef names no Secret in the namespace
//   SecretMissingKeys  the Secret lacks keys the provider needs (names KEYS only)
//   SecretValid        Ready=True (only when no ProviderRegistry is given)
// then, with a ProviderRegistry, proves the credentials with one cheap read
// (provider->list()):
//   Verified              Ready=True, naming the provider and pools seen
//   InvalidCredentials    the Secret's key material does not parse
//   AuthenticationFailed  the cloud rejected the credentials (Unauthenticated)
//   PermissionDenied      authenticated, but not allowed to list node pools
//   EndpointUnreachable   connection/TLS failure, timeout or 5xx (Unavailable)
//   CloudError            anything else
// Messages are scrubbed of secret material (the registry's Redactor, then
// sanitize_message()). Re-verifies every kVerifiedRecheck while Ready and
// after 30 s doubling to 5 min while verification fails; a Secret change
// re-verifies at once (the registry rebuilds on its new resourceVersion).
// The same list reports orphaned pools (orphan_pools.h): pools tagged for a
// GPUPool uid that is not in the GPUPool cache (judged only once that cache
// has synced) get a Warning Event OrphanedNodePool on the CloudCluster, once
// per pool (again after kOrphanReminder); they are never deleted.
// Plus status.observedGeneration. Writes status only when it changed; emits
// an Event when Ready's status, reason or message changes; exports
// gpupool_cloudcluster_ready. Reads only from the caches.
//
// Secret changes: index CloudClusters with kSecretIndex/secret_index_values
// and enqueue clusters_for_secret() from the Secret informer's handlers.
// Thread-safe: reconcile() may run on several workers (distinct keys).
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/cloudcluster.h"
#include "api/gpupool.h"
#include "api/object_ref.h"
#include "api/secret.h"
#include "cloud/factory/provider_registry.h"
#include "common/clock.h"
#include "controller/controller.h"
#include "controller/orphan_pools.h"
#include "controller/status_writer.h"
#include "kube/cache.h"
#include "metrics/metrics.h"

namespace gpupool::controller {

inline constexpr const char* kCloudClusterController = "cloudcluster";
inline constexpr const char* kSecretIndex = "credentialsSecret";

// Cache index: "ns/secretName" of the referenced Secret (none if unset).
std::vector<std::string> secret_index_values(const api::CloudCluster& c);
// Keys of CloudClusters referencing the Secret with key "ns/name".
std::vector<ObjectKey> clusters_for_secret(const kube::Cache<api::CloudCluster>& clusters, const std::string& secret_key);

inline constexpr std::chrono::minutes kVerifiedRecheck{5};
inline constexpr std::chrono::seconds kUnverifiedRetry{30};

// The Ready condition a CloudCluster should have, given the cached Secret
// (null if absent), before any cloud call. Pure; exposed for tests.
api::Condition ready_condition(const api::CloudCluster& c, const api::Secret* secret);
// The Ready reason for a failed verification (see above). Pure.
std::string verification_reason(const Error& e);
// Drops anything token- or key-shaped from a message (bearer tokens,
// CW-SECRET-..., PEM blocks, JWT-like strings) and caps its length. Pure.
std::string sanitize_message(std::string_view message);

class CloudClusterReconciler final : public Reconciler {
 public:
  // Everything must outlive the reconciler; `metrics` may be null;
  // `providers` null skips the cloud check (Ready=True reason SecretValid);
  // `pools` null (or `pools_synced` false) skips the orphan report.
  CloudClusterReconciler(const kube::Cache<api::CloudCluster>& clusters, const kube::Cache<api::Secret>& secrets,
                         kube::Client& client, api::EventFn events, Clock& clock, metrics::Metrics* metrics,
                         cloud::ProviderRegistry* providers = nullptr,
                         const kube::Cache<api::GPUPool>* pools = nullptr, std::function<bool()> pools_synced = {});

  Result<Outcome> reconcile(const ObjectKey& key) override;

 private:
  void emit_transition(const api::CloudCluster& c, const api::Condition* before, const api::Condition& after);
  api::Condition verify(const api::CloudCluster& c, std::optional<std::vector<cloud::NodePool>>& listed);
  std::optional<std::set<std::string>> known_uids(const api::CloudCluster& c) const;
  void report_orphans(const api::CloudCluster& c, const std::vector<cloud::NodePool>& listed,
                      std::set<std::string> known);
  std::chrono::milliseconds next_check(const std::string& key, bool verified);
  void forget(const ObjectKey& key);

  const kube::Cache<api::CloudCluster>& clusters_;
  const kube::Cache<api::Secret>& secrets_;
  StatusWriter writer_;
  api::EventFn events_;
  Clock& clock_;
  metrics::Metrics* metrics_;
  cloud::ProviderRegistry* providers_;
  const kube::Cache<api::GPUPool>* pools_;
  std::function<bool()> pools_synced_;
  OrphanReports orphans_;
  std::mutex mu_;                       // guards failures_
  std::map<std::string, int> failures_;  // consecutive failed verifications per key
};

}  // namespace gpupool::controller
