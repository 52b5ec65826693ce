#pragma once
// StatusWriter: writes an object's status through the /status subresource
// only when it changed (old vs new status JSON), with optimistic concurrency:
// every write carries the resourceVersion it was computed from, and on a 409
// Conflict the object is re-read and the mutation re-applied (bounded).
//
// Mode::Update  -> PUT .../status with the whole object.
// Mode::MergePatch -> PATCH .../status (merge patch) of just the status
//                     difference plus metadata.resourceVersion.
//
// Thread safety: stateless apart from configuration; safe to share. Calls
// block on the Client. The mutation may run several times: keep it a pure
// function of the status it is given (e.g. set conditions, observedGeneration).
#include <functional>
#include <string>

#include "common/result.h"
#include "kube/client.h"

namespace gpupool::controller {

// RFC 7386 merge patch turning `from` into `to` (nulls for removed keys).
kube::json merge_patch_diff(const kube::json& from, const kube::json& to);

class StatusWriter {
 public:
  enum class Mode { Update, MergePatch };
  // `status` is the object's status (an empty object when it had none).
  using Mutation = std::function<void(kube::json& status)>;

  StatusWriter(kube::Client& client, kube::ResourceRef resource, Mode mode = Mode::Update, int max_attempts = 5);

  // Applies `mutate` to `object`'s status. Unchanged -> returns `object`
  // without calling the API. Otherwise returns the object the server stored.
  // Errors: the Client's (Conflict after max_attempts, NotFound, ...).
  Result<kube::json> apply(const kube::json& object, const Mutation& mutate);
  // Same, starting from a fresh GET.
  Result<kube::json> apply(const std::string& ns, const std::string& name, const Mutation& mutate);

 private:
  Result<kube::json> write(const kube::json& object, const kube::json& status);

  kube::Client& client_;
  kube::ResourceRef resource_;
  Mode mode_;
  int max_attempts_;
};

}  // namespace gpupool::controller
