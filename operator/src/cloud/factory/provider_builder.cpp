#include "cloud/factory/provider_builder.h"

#include "config/config_files.h"

namespace gpupool::cloud {
namespace {

Error invalid(std::string reason, std::string message) {
  Error e(ErrorCode::InvalidArgument, std::move(message));
  e.reason = std::move(reason);
  return e;
}

// Secret values are only ever looked up by key; a missing key is named.
Result<std::string> value(const SecretData& data, const std::string& key, const api::CloudCluster& c) {
  auto it = data.find(key);
  if (it == data.end() || it->second.empty())
    return invalid("InvalidCredentials", "Secret " + c.metadata.ns + "/" + c.spec.credentials_secret +
                                             " has no value for key " + key);
  return it->second;
}

std::string optional_value(const SecretData& data, const std::string& key) {
  auto it = data.find(key);
  return it == data.end() ? "" : it->second;
}

// Provider construction failures come from the Secret's content.
Error credentials_error(const Error& e, std::string_view provider) {
  Error out = e.with_context(std::string("building ") + std::string(provider) + " client");
  if (out.code == ErrorCode::InvalidArgument && out.reason.empty()) out.reason = "InvalidCredentials";
  return out;
}

template <typename T, typename Make>
Result<std::unique_ptr<NodePoolProvider>> built(Result<T> config, std::string_view provider, Make make) {
  if (!config) return config.error();
  auto p = make(*config);
  if (!p) return credentials_error(p.error(), provider);
  return p;
}

}  // namespace

Result<std::string> ca_pem_of(const api::CloudClusterSpec& spec) {
  if (spec.ca_bundle.empty()) return std::string();
  if (spec.ca_bundle.find("-----BEGIN") != std::string::npos) return spec.ca_bundle;
  auto pem = config::base64_decode(spec.ca_bundle);
  if (!pem || pem->find("-----BEGIN") == std::string::npos)
    return invalid("InvalidSpec", "spec.caBundle is not base64-encoded PEM");
  return *pem;
}

Result<gke::GkeConfig> gke_config(const api::CloudCluster& c, const SecretData& data) {
  gke::GkeConfig g;
  auto key = value(data, "service-account.json", c);
  if (!key) return key.error();
  g.service_account_json = *key;
  if (!c.spec.endpoint.empty()) g.api_base = g.compute_base = c.spec.endpoint;  // one override for both APIs
  if (c.spec.gke) {
    g.project = c.spec.gke->project;
    g.location = c.spec.gke->location;
    g.cluster = c.spec.gke->cluster;
  }
  auto ca = ca_pem_of(c.spec);
  if (!ca) return ca.error();
  g.ca_pem = *ca;
  return g;
}

Result<aks::AksConfig> aks_config(const api::CloudCluster& c, const SecretData& data) {
  aks::AksConfig a;
  if (auto st = aks::apply_secret(a, data); !st) {
    Error e = st.error();
    e.reason = "InvalidCredentials";
    return e;
  }
  if (!c.spec.endpoint.empty()) a.arm_base = c.spec.endpoint;
  if (c.spec.aks) {
    a.subscription_id = c.spec.aks->subscription_id;
    a.resource_group = c.spec.aks->resource_group;
    a.cluster = c.spec.aks->cluster;
    a.location = c.spec.aks->location;
  }
  auto ca = ca_pem_of(c.spec);
  if (!ca) return ca.error();
  a.ca_pem = *ca;
  return a;
}

Result<oke::OkeConfig> oke_config(const api::CloudCluster& c, const SecretData& data) {
  oke::OkeConfig o;
  for (auto [key, field] : {std::pair{"tenancy", &o.tenancy}, std::pair{"user", &o.user},
                            std::pair{"fingerprint", &o.fingerprint}, std::pair{"privateKey", &o.private_key_pem}}) {
    auto v = value(data, key, c);
    if (!v) return v.error();
    *field = *v;
  }
  o.passphrase = optional_value(data, "passphrase");
  o.endpoint = c.spec.endpoint;
  if (c.spec.oke) {
    o.region = c.spec.oke->region;
    o.compartment_id = c.spec.oke->compartment_id;
    o.cluster_id = c.spec.oke->cluster_id;
    o.subnet_ids = c.spec.oke->subnet_ids;
    o.image_id = c.spec.oke->image_id;
  }
  auto ca = ca_pem_of(c.spec);
  if (!ca) return ca.error();
  o.ca_pem = *ca;
  return o;
}

Result<coreweave::CoreweaveConfig> coreweave_config(const api::CloudCluster& c, const SecretData& data) {
  coreweave::CoreweaveConfig w;
  auto token = value(data, "token", c);
  if (!token) return token.error();
  w.token = *token;
  // spec.endpoint overrides the block's apiServer (both are the CKS API server).
  w.api_server = !c.spec.endpoint.empty() ? c.spec.endpoint : c.spec.coreweave ? c.spec.coreweave->api_server : "";
  auto ca = ca_pem_of(c.spec);
  if (!ca) return ca.error();
  w.ca_pem = *ca;
  return w;
}

Result<std::unique_ptr<NodePoolProvider>> build_provider(const api::CloudCluster& c, const SecretData& data,
                                                         Clock& clock, std::shared_ptr<ClusterGate> gate) {
  if (!c.spec.provider) return invalid("InvalidSpec", "spec.provider is required");
  const TransportFactory wire = gated(cpprest_transports(), gate);
  switch (*c.spec.provider) {
    case api::Provider::GKE:
      return built(gke_config(c, data), "GKE", [&](const auto& cfg) { return gke::make_gke_provider(cfg, wire, clock); });
    case api::Provider::AKS:
      return built(aks_config(c, data), "AKS", [&](const auto& cfg) { return aks::make_aks_provider(cfg, wire, clock); });
    case api::Provider::OKE:  // signs each request under its own retry layer: the bare wire, gated
      return built(oke_config(c, data), "OKE", [&](const auto& cfg) {
        return oke::make_oke_provider(cfg, gated(raw_cpprest_transports(), gate), clock);
      });
    case api::Provider::CoreWeave:
      return built(coreweave_config(c, data), "CoreWeave",
                   [&](const auto& cfg) { return coreweave::make_coreweave_provider(cfg, wire, clock); });
  }
  return invalid("InvalidSpec", "unknown provider");
}

}  // namespace gpupool::cloud
