#include "api/object_ref.h"

namespace gpupool::api {

ObjectReference reference_of(const ObjectMeta& meta, const std::string& api_version, const std::string& kind) {
  return ObjectReference{api_version, kind, meta.ns, meta.name, meta.uid, meta.resource_version};
}

nlohmann::json status_object(const ObjectMeta& meta, const std::string& api_version, const std::string& kind,
                             nlohmann::json status) {
  return {{"apiVersion", api_version},
          {"kind", kind},
          {"metadata",
           {{"name", meta.name},
            {"namespace", meta.ns},
            {"uid", meta.uid},
            {"resourceVersion", meta.resource_version},
            {"generation", meta.generation}}},
          {"status", std::move(status)}};
}

}  // namespace gpupool::api
