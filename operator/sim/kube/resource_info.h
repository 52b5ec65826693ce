#pragma once
// What the simulated API server knows about one served resource (built-in or
// from an Established CRD). Shared by the store/REST layer (api_server.*),
// discovery, OpenAPI generation and Table rendering (schema/, table.*).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace gpupool::sim::kube {

using json = nlohmann::json;

struct ScaleSpec {
  std::string spec_replicas_path;    // ".spec.gpus"
  std::string status_replicas_path;  // ".status.readyGPUs"
  std::string label_selector_path;   // optional
};

struct ResourceInfo {
  std::string group;     // "" for core
  std::string version;   // "v1"
  std::string kind;      // "GPUPool"
  std::string list_kind; // "GPUPoolList"
  std::string plural;    // "gpupools"
  std::string singular;  // "gpupool"
  bool namespaced = true;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  std::vector<std::string> verbs{"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};
  bool has_status = false;           // status subresource enabled
  std::optional<ScaleSpec> scale;    // scale subresource enabled
  bool is_crd = false;               // custom resource (merge/json/apply patch only; no SMP)
  json schema;                       // openAPIV3Schema for CRs; null for built-ins (no validation)
  json printer_columns = json::array();  // CRD additionalPrinterColumns as given in the CRD
  std::vector<std::string> selectable_fields;  // extra field-selector paths, e.g. ".spec.provider"

  std::string group_version() const { return group.empty() ? version : group + "/" + version; }
  std::string api_version() const { return group_version(); }
  // "gpupools.gpupool.io" or "secrets" for core.
  std::string qualified_name() const { return group.empty() ? plural : plural + "." + group; }
};

}  // namespace gpupool::sim::kube
