#pragma once
// Finalizer helpers. Both send a merge patch that replaces
// metadata.finalizers and carries metadata.resourceVersion, so the server
// rejects the write with 409 Conflict if the object changed since it was
// read (no lost updates to other controllers' finalizers); PatchStyle::Json
// sends a JSON patch with a `test` on /metadata/resourceVersion instead
// (a failed test comes back as 422 InvalidArgument, not Conflict).
// Thread-safe (stateless); blocking calls on the Client.
#include <string>
#include <vector>

#include "api/object_meta.h"
#include "common/result.h"
#include "kube/client.h"

namespace gpupool::controller {

enum class PatchStyle { Merge, Json };

// Adds `finalizer` if missing. Returns the stored object, or a null json
// (no API call) when it was already present.
Result<kube::json> add_finalizer(kube::Client& client, const kube::ResourceRef& r, const api::ObjectMeta& meta,
                                 const std::string& finalizer, PatchStyle style = PatchStyle::Merge);
// Removes `finalizer` if present (same return convention).
Result<kube::json> remove_finalizer(kube::Client& client, const kube::ResourceRef& r, const api::ObjectMeta& meta,
                                    const std::string& finalizer, PatchStyle style = PatchStyle::Merge);

}  // namespace gpupool::controller
