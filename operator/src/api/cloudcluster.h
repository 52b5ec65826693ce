#pragma once
// CloudCluster (gpupool.io/v1alpha1): how to reach one provider cluster.
// Decoding checks types and enums only; cross-field rules (exactly one
// provider block, matching `provider`) are validate_spec()'s job so the
// reconciler can report them as InvalidSpec with a precise message.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/condition.h"
#include "api/object_meta.h"

namespace gpupool::api {

enum class Provider { GKE, AKS, OKE, CoreWeave };
std::string to_string(Provider p);

struct GkeSpec { std::string project, location, cluster; };
struct AksSpec { std::string subscription_id, resource_group, cluster, location; };
struct OkeSpec {
  std::string region, compartment_id, cluster_id;
  std::vector<std::string> subnet_ids;
  std::string image_id;
};
struct CoreWeaveSpec { std::string api_server; };

struct CloudClusterSpec {
  std::optional<Provider> provider;  // required; nullopt when missing
  std::string endpoint;
  std::string ca_bundle;
  std::string credentials_secret;  // credentialsSecretRef.name, same namespace
  double max_requests_per_second = 5;
  std::optional<GkeSpec> gke;
  std::optional<AksSpec> aks;
  std::optional<OkeSpec> oke;
  std::optional<CoreWeaveSpec> coreweave;
};

struct CloudClusterStatus {
  long long observed_generation = 0;
  std::vector<Condition> conditions;
  bool operator==(const CloudClusterStatus&) const = default;
  nlohmann::json to_json() const;
  static CloudClusterStatus from_json(const nlohmann::json& status);  // lenient
};

struct CloudCluster {
  static constexpr const char* kKind = "CloudCluster";
  ObjectMeta metadata;
  CloudClusterSpec spec;
  CloudClusterStatus status;
  std::optional<std::string> decode_error;

  static CloudCluster from_json(const nlohmann::json& object);
};

// Cross-field checks; nullopt when valid, else a message naming the fields.
std::optional<std::string> validate_spec(const CloudClusterSpec& spec);
// Secret data keys each provider needs (required only).
const std::vector<std::string>& required_secret_keys(Provider p);

}  // namespace gpupool::api
