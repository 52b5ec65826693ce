#pragma once
// Helpers that turn a cached model back into what API calls need: an
// ObjectReference for Events, and a minimal object JSON (identity +
// resourceVersion + status) for StatusWriter, since caches drop raw JSON.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "api/event.h"
#include "api/object_meta.h"

namespace gpupool::api {

ObjectReference reference_of(const ObjectMeta& meta, const std::string& api_version, const std::string& kind);

// {"apiVersion","kind","metadata":{name,namespace,uid,resourceVersion,generation},"status":status}
nlohmann::json status_object(const ObjectMeta& meta, const std::string& api_version, const std::string& kind,
                             nlohmann::json status);

// Records an Event about `regarding`; type "Normal" or "Warning". The
// recorder behind it names, timestamps, dedups and rate-limits. Must not block.
using EventFn = std::function<void(const ObjectReference& regarding, const std::string& type,
                                   const std::string& reason, const std::string& message)>;

}  // namespace gpupool::api
