#include "api/lease.h"

#include "api/decode.h"

namespace gpupool::api {

Lease Lease::from_json(const nlohmann::json& object) {
  Lease l;
  l.metadata = ObjectMeta::from_json(object);
  Decoder d;
  if (const json* s = d.object(object, "", "spec")) {
    d.field(*s, "spec", "holderIdentity", l.spec.holder_identity);
    d.field(*s, "spec", "leaseDurationSeconds", l.spec.lease_duration_seconds);
    d.field(*s, "spec", "acquireTime", l.spec.acquire_time);
    d.field(*s, "spec", "renewTime", l.spec.renew_time);
    d.field(*s, "spec", "leaseTransitions", l.spec.lease_transitions);
  }
  l.decode_error = d.error();
  return l;
}

nlohmann::json Lease::to_json() const {
  json md{{"name", metadata.name}, {"namespace", metadata.ns}};
  if (!metadata.resource_version.empty()) md["resourceVersion"] = metadata.resource_version;
  json sj{{"holderIdentity", spec.holder_identity},
            {"leaseDurationSeconds", spec.lease_duration_seconds},
            {"leaseTransitions", spec.lease_transitions}};
  // MicroTime fields must be valid timestamps or absent.
  if (!spec.acquire_time.empty()) sj["acquireTime"] = spec.acquire_time;
  if (!spec.renew_time.empty()) sj["renewTime"] = spec.renew_time;
  return {{"apiVersion", "coordination.k8s.io/v1"}, {"kind", "Lease"}, {"metadata", md}, {"spec", sj}};
}

}  // namespace gpupool::api
