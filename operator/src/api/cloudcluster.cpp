#include "api/cloudcluster.h"

#include "api/decode.h"

namespace gpupool::api {
namespace {

void decode_blocks(Decoder& d, const json& spec, CloudClusterSpec& s) {
  if (const json* b = d.object(spec, "spec", "gke")) {
    GkeSpec g;
    d.field(*b, "spec.gke", "project", g.project);
    d.field(*b, "spec.gke", "location", g.location);
    d.field(*b, "spec.gke", "cluster", g.cluster);
    s.gke = g;
  }
  if (const json* b = d.object(spec, "spec", "aks")) {
    AksSpec a;
    d.field(*b, "spec.aks", "subscriptionId", a.subscription_id);
    d.field(*b, "spec.aks", "resourceGroup", a.resource_group);
    d.field(*b, "spec.aks", "cluster", a.cluster);
    d.field(*b, "spec.aks", "location", a.location);
    s.aks = a;
  }
  if (const json* b = d.object(spec, "spec", "oke")) {
    OkeSpec o;
    d.field(*b, "spec.oke", "region", o.region);
    d.field(*b, "spec.oke", "compartmentId", o.compartment_id);
    d.field(*b, "spec.oke", "clusterId", o.cluster_id);
    d.field(*b, "spec.oke", "subnetIds", o.subnet_ids);
    d.field(*b, "spec.oke", "imageId", o.image_id);
    s.oke = o;
  }
  if (const json* b = d.object(spec, "spec", "coreweave")) {
    CoreWeaveSpec c;
    d.field(*b, "spec.coreweave", "apiServer", c.api_server);
    s.coreweave = c;
  }
}

void decode_spec(Decoder& d, const json& spec, CloudClusterSpec& s) {
  Provider p{};
  if (Decoder::present(spec, "provider")) {
    d.enum_field(spec, "spec", "provider", p,
                 {{"GKE", Provider::GKE}, {"AKS", Provider::AKS}, {"OKE", Provider::OKE}, {"CoreWeave", Provider::CoreWeave}});
    if (d.ok()) s.provider = p;
  }
  d.field(spec, "spec", "endpoint", s.endpoint);
  d.field(spec, "spec", "caBundle", s.ca_bundle);
  if (const json* ref = d.object(spec, "spec", "credentialsSecretRef"))
    d.field(*ref, "spec.credentialsSecretRef", "name", s.credentials_secret);
  d.field(spec, "spec", "maxRequestsPerSecond", s.max_requests_per_second);
  if (d.ok() && s.max_requests_per_second <= 0)
    d.fail("spec.maxRequestsPerSecond", "must be > 0");
  decode_blocks(d, spec, s);
}

}  // namespace

std::string to_string(Provider p) {
  switch (p) {
    case Provider::GKE: return "GKE";
    case Provider::AKS: return "AKS";
    case Provider::OKE: return "OKE";
    case Provider::CoreWeave: return "CoreWeave";
  }
  return "Unknown";
}

CloudCluster CloudCluster::from_json(const nlohmann::json& object) {
  CloudCluster c;
  c.metadata = ObjectMeta::from_json(object);
  if (!object.is_object()) {
    c.decode_error = "expected object, got " + Decoder::type_name(object);
    return c;
  }
  Decoder d;
  const json* spec = d.object(object, "", "spec");
  if (spec) decode_spec(d, *spec, c.spec);
  else if (d.ok()) d.fail("spec", "required");
  if (!d.ok()) c.spec = CloudClusterSpec{};
  c.decode_error = d.error();
  if (Decoder::present(object, "status")) c.status = CloudClusterStatus::from_json(object["status"]);
  return c;
}

CloudClusterStatus CloudClusterStatus::from_json(const nlohmann::json& status) {
  CloudClusterStatus s;
  if (!status.is_object()) return s;
  Decoder d;
  d.field(status, "status", "observedGeneration", s.observed_generation);
  decode_conditions(d, status, "status", s.conditions);
  return s;
}

nlohmann::json CloudClusterStatus::to_json() const {
  return {{"observedGeneration", observed_generation}, {"conditions", conditions_to_json(conditions)}};
}

}  // namespace gpupool::api
