#pragma once
// Event filters for informer handlers (controller-runtime pkg/predicate).
// Pure functions; thread-safe.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/condition.h"
#include "kube/client.h"

namespace gpupool::controller {

// GenerationChangedPredicate: an update matters only if metadata.generation
// changed (spec edits, start of deletion); filters status-only writes,
// relists and resyncs. T needs `metadata.generation`.
template <typename T>
bool generation_changed(const T& old_obj, const T& new_obj) {
  return old_obj.metadata.generation != new_obj.metadata.generation;
}

// Stable digest of conditions: type/status/reason/observedGeneration, sorted
// by type. Ignores message and lastTransitionTime so cosmetic rewrites don't
// wake dependents.
std::string conditions_digest(const std::vector<api::Condition>& conditions);
// Same for raw JSON `status.conditions` arrays.
std::string conditions_digest(const kube::json& conditions);

// "Status of a referenced object changed": true when the digests of the
// old and new conditions differ. `conditions` projects T to its conditions.
template <typename T>
bool conditions_changed(const T& old_obj, const T& new_obj,
                        const std::function<const std::vector<api::Condition>&(const T&)>& conditions) {
  return conditions_digest(conditions(old_obj)) != conditions_digest(conditions(new_obj));
}

// Update predicate combinators.
template <typename T>
using UpdatePredicate = std::function<bool(const T& old_obj, const T& new_obj)>;

template <typename T>
UpdatePredicate<T> any_of(std::vector<UpdatePredicate<T>> preds) {
  return [preds = std::move(preds)](const T& a, const T& b) {
    for (const auto& p : preds)
      if (p(a, b)) return true;
    return false;
  };
}

}  // namespace gpupool::controller
