#include "api/object_meta.h"

#include <algorithm>

#include "api/decode.h"

namespace gpupool::api {

bool ObjectMeta::has_finalizer(const std::string& f) const {
  return std::find(finalizers.begin(), finalizers.end(), f) != finalizers.end();
}

// Each field gets its own Decoder so one mistyped field does not hide the rest.
ObjectMeta ObjectMeta::from_json(const nlohmann::json& object) {
  ObjectMeta m;
  Decoder d;
  const json* md = d.object(object, "", "metadata");
  if (!md) return m;
  Decoder{}.field(*md, "metadata", "namespace", m.ns);
  Decoder{}.field(*md, "metadata", "name", m.name);
  Decoder{}.field(*md, "metadata", "uid", m.uid);
  Decoder{}.field(*md, "metadata", "resourceVersion", m.resource_version);
  Decoder{}.field(*md, "metadata", "generation", m.generation);
  Decoder{}.field(*md, "metadata", "labels", m.labels);
  Decoder{}.field(*md, "metadata", "finalizers", m.finalizers);
  Decoder{}.field(*md, "metadata", "creationTimestamp", m.creation_timestamp);
  m.deleting = Decoder::present(*md, "deletionTimestamp");
  return m;
}

}  // namespace gpupool::api
