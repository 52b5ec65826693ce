#pragma once
// CloudClusterReconciler: validates a CloudCluster's spec and the Secret it
// references, and reports the verdict as the Ready condition:
//   InvalidSpec        spec undecodable or provider block missing/mismatched
//   SecretNotFound     credentialsSecretRef names no Secret in the namespace
//   SecretMissingKeys  the Secret lacks keys the provider needs (names KEYS only)
//   SecretValid        Ready=True
// plus status.observedGeneration. Writes status only when it changed; emits
// an Event when Ready's status, reason or message changes; exports
// gpupool_cloudcluster_ready. Reads only from the caches.
//
// Secret changes: index CloudClusters with kSecretIndex/secret_index_values
// and enqueue clusters_for_secret() from the Secret informer's handlers.
// Thread-safe: reconcile() may run on several workers (distinct keys).
#include <string>
#include <vector>

#include "api/cloudcluster.h"
#include "api/object_ref.h"
#include "api/secret.h"
#include "common/clock.h"
#include "controller/controller.h"
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

// The Ready condition a CloudCluster should have, given the cached Secret
// (null if absent). Pure; exposed for tests.
api::Condition ready_condition(const api::CloudCluster& c, const api::Secret* secret);

class CloudClusterReconciler final : public Reconciler {
 public:
  // Everything must outlive the reconciler; `metrics` may be null.
  CloudClusterReconciler(const kube::Cache<api::CloudCluster>& clusters, const kube::Cache<api::Secret>& secrets,
                         kube::Client& client, api::EventFn events, Clock& clock, metrics::Metrics* metrics);

  Result<Outcome> reconcile(const ObjectKey& key) override;

 private:
  void emit_transition(const api::CloudCluster& c, const api::Condition* before, const api::Condition& after);

  const kube::Cache<api::CloudCluster>& clusters_;
  const kube::Cache<api::Secret>& secrets_;
  StatusWriter writer_;
  api::EventFn events_;
  Clock& clock_;
  metrics::Metrics* metrics_;
};

}  // namespace gpupool::controller
