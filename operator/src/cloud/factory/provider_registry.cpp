#include "cloud/factory/provider_registry.h"

#include "api/resources.h"
#include "cloud/factory/redactor.h"

namespace gpupool::cloud {

ProviderRegistry::ProviderRegistry(kube::Client& client, Clock& clock, CallObserver& observer,
                                   const kube::Cache<api::Secret>* secrets, Builder builder)
    : client_(client), clock_(clock), observer_(observer), secrets_(secrets), builder_(std::move(builder)),
      gates_(clock) {
  if (!builder_)
    builder_ = [this](const api::CloudCluster& c, const SecretData& d, std::shared_ptr<ClusterGate> gate) {
      return build_provider(c, d, clock_, std::move(gate));
    };
}

std::shared_ptr<ProviderRegistry::Slot> ProviderRegistry::slot(const std::string& key) {
  std::lock_guard lock(mu_);
  auto& s = slots_[key];
  if (!s) s = std::make_shared<Slot>();
  return s;
}

std::string ProviderRegistry::cached_secret_rv(const api::CloudCluster& c) const {
  if (!secrets_ || c.spec.credentials_secret.empty()) return "";
  auto s = secrets_->get(c.metadata.ns + "/" + c.spec.credentials_secret);
  return s ? s->metadata.resource_version : "";
}

Result<std::shared_ptr<NodePoolProvider>> ProviderRegistry::get(const api::CloudCluster& c) {
  auto s = slot(c.metadata.key());
  std::lock_guard lock(s->mu);
  const std::string rv = cached_secret_rv(c);
  if (s->provider && s->generation == c.metadata.generation && !rv.empty() && rv == s->secret_rv) return s->provider;
  return build(c, *s);
}

Result<std::pair<SecretData, std::string>> ProviderRegistry::read_secret(const api::CloudCluster& c) {
  const std::string where = "Secret " + c.metadata.ns + "/" + c.spec.credentials_secret;
  if (c.spec.credentials_secret.empty()) return fail(ErrorCode::InvalidArgument, "spec.credentialsSecretRef is required");
  auto obj = client_.get(api::secrets(), c.metadata.ns, c.spec.credentials_secret);
  if (!obj) return obj.error().with_context("reading " + where);
  auto data = api::decode_secret_values(*obj);  // errors name the key, never the value
  if (!data) return data.error().with_context("reading " + where);
  return std::pair{std::move(*data), api::ObjectMeta::from_json(*obj).resource_version};
}

// Called with the slot locked. An unchanged Secret (same RV) and generation keeps the provider.
Result<std::shared_ptr<NodePoolProvider>> ProviderRegistry::build(const api::CloudCluster& c, Slot& s) {
  auto secret = read_secret(c);
  if (!secret) return secret.error();
  auto& [data, rv] = *secret;
  if (s.provider && s.generation == c.metadata.generation && rv == s.secret_rv) return s.provider;
  auto redactor = std::make_shared<const Redactor>(data);
  // The gate at this generation's rate; every request on the wire takes a token.
  auto bare = builder_(c, data, gates_.gate(c.metadata.key(), c.spec.max_requests_per_second));
  if (!bare) {
    s.provider = nullptr;  // never hand out a client for credentials that no longer build
    return redactor->apply(bare.error());
  }
  {
    std::lock_guard lock(mu_);
    rates_[c.metadata.key()] = c.spec.max_requests_per_second;
    ++builds_;
  }
  std::shared_ptr<NodePoolProvider> p = std::make_shared<RedactingProvider>(std::move(*bare), redactor);
  p = std::make_shared<InstrumentedProvider>(std::move(p), observer_, clock_);
  s.provider = p;
  s.generation = c.metadata.generation;
  s.secret_rv = rv;
  return p;
}

std::shared_ptr<ClusterGate> ProviderRegistry::shared_gate(const std::string& key) {
  double rate = 0;
  {
    std::lock_guard lock(mu_);
    if (auto it = rates_.find(key); it != rates_.end()) rate = it->second;
  }
  return gates_.gate(key, rate);
}

ClusterGate& ProviderRegistry::gate(const std::string& key) { return *shared_gate(key); }

void ProviderRegistry::forget(const std::string& key) {
  {
    std::lock_guard lock(mu_);
    slots_.erase(key);
    rates_.erase(key);
  }
  gates_.forget(key);
}

long ProviderRegistry::builds() const {
  std::lock_guard lock(mu_);
  return builds_;
}

}  // namespace gpupool::cloud
