#pragma once
// Simplified server-side apply (kubernetes-api.md §1.3): the applied config
// is merged onto the live object (lists atomic), each Apply manager's field
// set is kept in metadata.managedFields (FieldsV1), fields a manager applied
// before and now omits are removed unless another Apply manager owns them,
// and differing values owned by another Apply manager conflict (409) unless
// force. Update-operation managers are not tracked (documented limitation:
// kubectl then never attempts a client-side-apply migration).
#include <nlohmann/json.hpp>
#include <string>

#include "sim/kube/status_errors.h"

namespace gpupool::sim::kube {

struct ApplyRequest {
  const nlohmann::json* live = nullptr;  // null: create
  nlohmann::json config;                 // the applied manifest
  std::string manager;
  bool force = false;
  std::string api_version;               // recorded in the managedFields entry
  std::string subresource;               // "" or "status"
  Target target;                         // for conflict errors
};

// Returns the new object (managedFields updated); throws ApiError 409 on conflicts.
nlohmann::json server_side_apply(const ApplyRequest& req);

}  // namespace gpupool::sim::kube
