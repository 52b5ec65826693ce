#pragma once
// Patch algorithms for PATCH requests (kubernetes-api.md §1.3). Pure
// functions; failures throw PatchError with a message the REST layer wraps
// in the right Status (400 undecodable / 422 not applicable).
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace gpupool::sim::kube {

struct PatchError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// RFC 7386: objects merge recursively, null deletes, arrays replace.
nlohmann::json merge_patch(nlohmann::json target, const nlohmann::json& patch);

// RFC 6902 operation list (add, remove, replace, move, copy, test).
nlohmann::json json_patch(const nlohmann::json& target, const nlohmann::json& ops);

// Strategic merge patch subset for built-in kinds: merge-patch semantics plus
// list merging by well-known merge keys (containers/env/volumes by name,
// ports, conditions by type, ownerReferences by uid, finalizers as a set) and
// the $patch, $retainKeys, $deleteFromPrimitiveList/ and $setElementOrder/
// directives (element order is not enforced).
nlohmann::json strategic_merge_patch(const nlohmann::json& target, const nlohmann::json& patch);

}  // namespace gpupool::sim::kube
