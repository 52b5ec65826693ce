#include "controller/cloudcluster_reconciler.h"

#include <algorithm>
#include <regex>

#include "api/resources.h"
#include "api/time_format.h"
#include "common/log.h"

namespace gpupool::controller {
using kube::json;
namespace {

api::Condition ready(std::string_view status, std::string reason, std::string message, long long generation) {
  return api::Condition{"Ready", std::string(status), generation, "", std::move(reason), std::move(message)};
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

constexpr std::size_t kMaxMessage = 400;

}  // namespace

std::string verification_reason(const Error& e) {
  if (e.reason == "InvalidSpec" || e.reason == "InvalidCredentials") return e.reason;  // set by the registry
  switch (e.code) {
    case ErrorCode::Unauthenticated: return "AuthenticationFailed";
    case ErrorCode::PermissionDenied: return "PermissionDenied";
    case ErrorCode::Unavailable:
    case ErrorCode::Timeout: return "EndpointUnreachable";
    default: return "CloudError";
  }
}

// Second line of defence after the registry's Redactor, which knows the actual
// values: shapes that are secret whatever their value.
std::string sanitize_message(std::string_view message) {
  static const std::regex kPem("-----BEGIN[^-]*-----[\\s\\S]*?(-----END[^-]*-----|$)");
  static const std::regex kBearer("(Bearer|bearer|token|Token|secret|Secret|password)([\"']?\\s*[:=]\\s*[\"']?|\\s+)"
                                  "[A-Za-z0-9._~+/=-]{16,}");
  static const std::regex kCw("CW-SECRET-[A-Za-z0-9._-]*");
  static const std::regex kJwt("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  std::string out(message);
  out = std::regex_replace(out, kPem, "[redacted key]");
  out = std::regex_replace(out, kCw, "[redacted]");
  out = std::regex_replace(out, kJwt, "[redacted]");
  out = std::regex_replace(out, kBearer, "$1$2[redacted]");
  if (out.size() > kMaxMessage) out = out.substr(0, kMaxMessage) + "...";
  return out;
}

std::vector<std::string> secret_index_values(const api::CloudCluster& c) {
  if (c.spec.credentials_secret.empty()) return {};
  return {c.metadata.ns + "/" + c.spec.credentials_secret};
}

std::vector<ObjectKey> clusters_for_secret(const kube::Cache<api::CloudCluster>& clusters, const std::string& secret_key) {
  std::vector<ObjectKey> out;
  for (const auto& c : clusters.by_index(kSecretIndex, secret_key)) out.push_back({c->metadata.ns, c->metadata.name});
  return out;
}

api::Condition ready_condition(const api::CloudCluster& c, const api::Secret* secret) {
  const long long gen = c.metadata.generation;
  if (c.decode_error) return ready(api::kConditionFalse, "InvalidSpec", *c.decode_error, gen);
  if (auto err = api::validate_spec(c.spec)) return ready(api::kConditionFalse, "InvalidSpec", *err, gen);
  const std::string provider = api::to_string(*c.spec.provider);
  const std::string where = "Secret " + c.metadata.ns + "/" + c.spec.credentials_secret;
  if (!secret) return ready(api::kConditionFalse, "SecretNotFound", where + " not found", gen);
  std::vector<std::string> missing;
  for (const auto& k : api::required_secret_keys(*c.spec.provider))
    if (!secret->has_key(k)) missing.push_back(k);
  if (!missing.empty())
    return ready(api::kConditionFalse, "SecretMissingKeys",
                 where + " is missing keys required for " + provider + ": " + join(missing), gen);
  return ready(api::kConditionTrue, "SecretValid", where + " has the keys " + provider + " requires", gen);
}

CloudClusterReconciler::CloudClusterReconciler(const kube::Cache<api::CloudCluster>& clusters,
                                               const kube::Cache<api::Secret>& secrets, kube::Client& client,
                                               api::EventFn events, Clock& clock, metrics::Metrics* metrics,
                                               cloud::ProviderRegistry* providers,
                                               const kube::Cache<api::GPUPool>* pools,
                                               std::function<bool()> pools_synced)
    : clusters_(clusters), secrets_(secrets), writer_(client, api::cloudclusters(), StatusWriter::Mode::MergePatch),
      events_(std::move(events)), clock_(clock), metrics_(metrics), providers_(providers), pools_(pools),
      pools_synced_(std::move(pools_synced)) {}

// One cheap authenticated read proves endpoint, CA and credentials together.
api::Condition CloudClusterReconciler::verify(const api::CloudCluster& c,
                                              std::optional<std::vector<cloud::NodePool>>& listed) {
  const long long gen = c.metadata.generation;
  const std::string provider = api::to_string(*c.spec.provider);
  auto p = providers_->get(c);
  Result<std::vector<cloud::NodePool>> pools = p ? (*p)->list() : Result<std::vector<cloud::NodePool>>(p.error());
  if (!pools) {
    const Error& e = pools.error();
    return ready(api::kConditionFalse, verification_reason(e),
                 provider + " credentials check failed (" + std::string(to_string(e.code)) +
                     "): " + sanitize_message(e.message),
                 gen);
  }
  listed = *pools;
  return ready(api::kConditionTrue, "Verified",
               provider + " accepted the credentials and listed node pools", gen);
}

// Verified: recheck slowly. Failing: 30 s doubling to the same 5 min cap.
std::chrono::milliseconds CloudClusterReconciler::next_check(const std::string& key, bool verified) {
  std::lock_guard lock(mu_);
  if (verified) {
    failures_.erase(key);
    return kVerifiedRecheck;
  }
  const int n = std::min(failures_[key]++, 4);
  return std::min<std::chrono::milliseconds>(kUnverifiedRetry * (1 << n), kVerifiedRecheck);
}

// GPUPool uids as this cluster's provider stores them; nullopt until the
// GPUPool cache has synced (before that every pool would look orphaned).
std::optional<std::set<std::string>> CloudClusterReconciler::known_uids(const api::CloudCluster& c) const {
  if (!pools_ || !pools_synced_ || !pools_synced_() || !c.spec.provider) return std::nullopt;
  return known_pool_uids(*pools_, c.metadata.ns, api::to_string(*c.spec.provider));
}

// `known` was taken before the list: a GPUPool deleted (with its pools)
// between the two reads is not reported; one created in between is added here.
void CloudClusterReconciler::report_orphans(const api::CloudCluster& c, const std::vector<cloud::NodePool>& listed,
                                            std::set<std::string> known) {
  auto after = known_uids(c);
  if (!after) return;
  known.merge(*after);
  const std::string provider = api::to_string(*c.spec.provider);
  auto due = orphans_.due(c.metadata.key(), find_orphans(listed, c.metadata.ns, provider, known), clock_.now());
  for (const auto& p : due) {
    const std::string msg = orphan_message(p);
    log::warn("orphaned node pool", {{"cloudcluster", c.metadata.key()}, {"reconcileID", current_reconcile_id()},
                                     {"pool", p.name}, {"ownerUid", p.owner->uid}});
    if (events_)
      events_(api::reference_of(c.metadata, api::kApiVersion, api::CloudCluster::kKind), "Warning",
              kOrphanedNodePool, msg);
  }
}

void CloudClusterReconciler::forget(const ObjectKey& key) {
  if (metrics_) metrics_->forget_cloudcluster(key.ns, key.name);
  if (providers_) providers_->forget(key.str());
  orphans_.forget(key.str());
  std::lock_guard lock(mu_);
  failures_.erase(key.str());
}

Result<Outcome> CloudClusterReconciler::reconcile(const ObjectKey& key) {
  auto c = clusters_.get(key.str());
  if (!c || c->metadata.deleting) {  // deleted: nothing we own outlives it
    forget(key);
    return Outcome::done();
  }
  auto secret = c->spec.credentials_secret.empty() ? nullptr
                                                   : secrets_.get(c->metadata.ns + "/" + c->spec.credentials_secret);
  api::Condition want = ready_condition(*c, secret.get());
  Outcome outcome = Outcome::done();  // spec/Secret problems wait for a change event
  std::optional<std::vector<cloud::NodePool>> listed;
  std::optional<std::set<std::string>> known_before;
  if (providers_ && want.status == api::kConditionTrue) {
    known_before = known_uids(*c);
    want = verify(*c, listed);
    outcome = Outcome::after(next_check(key.str(), want.status == api::kConditionTrue));
  }
  api::CloudClusterStatus next = c->status;
  const std::string now = api::format_time(clock_.wall_now());
  bool changed = api::set_condition(next.conditions, want, now);
  changed |= next.observed_generation != c->metadata.generation;
  next.observed_generation = c->metadata.generation;
  if (changed) {
    json base = api::status_object(c->metadata, api::kApiVersion, api::CloudCluster::kKind, c->status.to_json());
    auto written = writer_.apply(base, [&](json& st) {
      auto s = api::CloudClusterStatus::from_json(st);
      api::set_condition(s.conditions, want, now);
      s.observed_generation = c->metadata.generation;
      st = s.to_json();
    });
    if (!written) return written.error().with_context("writing CloudCluster " + key.str() + " status");
    emit_transition(*c, api::find_condition(c->status.conditions, "Ready"), want);
  }
  if (listed && known_before) report_orphans(*c, *listed, std::move(*known_before));
  if (metrics_)
    metrics_->set_cloudcluster_ready(key.ns, key.name, c->spec.provider ? api::to_string(*c->spec.provider) : "Unknown",
                                     want.status == api::kConditionTrue);
  return outcome;
}

void CloudClusterReconciler::emit_transition(const api::CloudCluster& c, const api::Condition* before,
                                             const api::Condition& after) {
  if (before && before->status == after.status && before->reason == after.reason && before->message == after.message)
    return;
  log::info("CloudCluster Ready changed", {{"cloudcluster", c.metadata.key()}, {"reconcileID", current_reconcile_id()},
                                           {"status", after.status}, {"reason", after.reason}});
  if (events_)
    events_(api::reference_of(c.metadata, api::kApiVersion, api::CloudCluster::kKind),
            after.status == "True" ? "Normal" : "Warning", after.reason, after.message);
}

}  // namespace gpupool::controller
