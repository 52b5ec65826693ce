#include "sim/coreweave/nodepool_crd.h"

namespace gpupool::sim::coreweave {

namespace {

const char* kSpecSchema = R"({
  "type": "object",
  "description": "NodePoolSpec defines the desired state of NodePool.",
  "required": ["instanceType"],
  "properties": {
    "computeClass": {"type": "string", "enum": ["default"], "default": "default"},
    "instanceType": {
      "type": "string", "minLength": 1,
      "x-kubernetes-validations": [{"rule": "self == oldSelf", "message": "instanceType is immutable"}]
    },
    "targetNodes": {"type": "integer", "format": "int32", "minimum": 0},
    "targetRacks": {"type": "integer", "format": "int32", "minimum": 0},
    "minNodes": {"type": "integer", "format": "int32", "minimum": 0},
    "maxNodes": {"type": "integer", "format": "int32", "minimum": 0},
    "autoscaling": {"type": "boolean", "default": false},
    "nodeLabels": {"type": "object", "additionalProperties": {"type": "string"}},
    "nodeAnnotations": {"type": "object", "additionalProperties": {"type": "string"}},
    "nodeTaints": {
      "type": "array",
      "items": {
        "type": "object", "required": ["key", "effect"],
        "properties": {
          "key": {"type": "string"},
          "value": {"type": "string"},
          "effect": {"type": "string", "enum": ["NoSchedule", "PreferNoSchedule", "NoExecute"]}
        }
      }
    },
    "lifecycle": {
      "type": "object", "default": {},
      "properties": {
        "scaleDownStrategy": {"type": "string", "enum": ["IdleOnly", "PreferIdle"], "default": "IdleOnly"}
      }
    },
    "image": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
    "gpu": {"type": "object", "properties": {"version": {"type": "string"}}}
  }
})";

const char* kStatusSchema = R"({
  "type": "object",
  "description": "NodePoolStatus defines the observed state of NodePool.",
  "properties": {
    "currentNodes": {"type": "integer", "format": "int32"},
    "conditions": {
      "type": "array",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["type"],
      "items": {
        "type": "object", "required": ["type", "status"],
        "properties": {
          "type": {"type": "string"},
          "status": {"type": "string", "enum": ["True", "False", "Unknown"]},
          "observedGeneration": {"type": "integer", "format": "int64"},
          "lastTransitionTime": {"type": "string", "format": "date-time"},
          "reason": {"type": "string"},
          "message": {"type": "string"}
        }
      }
    }
  }
})";

nlohmann::json spec_rules() {
  using nlohmann::json;
  // CEL for "spec.instanceType is a rack type"; keep in step with is_rack_type().
  const std::string rack = "(self.instanceType.startsWith('gb200') || self.instanceType.startsWith('gb300'))";
  return json::array({
      {{"rule", "has(self.targetNodes) != has(self.targetRacks)"},
       {"message", "exactly one of targetNodes or targetRacks must be set"}},
      {{"rule", "!has(self.targetRacks) || " + rack},
       {"message", "targetRacks is only supported for rack-based instance types (GB200, GB300)"}},
      {{"rule", "!" + rack + " || !has(self.targetNodes) || self.targetNodes % 18 == 0"},
       {"message", "targetNodes must be a multiple of 18 for rack-based instance types (whole NVL72 racks)"}},
      {{"rule", "!" + rack + " || !has(self.autoscaling) || !self.autoscaling"},
       {"message", "autoscaling is not supported for rack-based instance types (GB200, GB300)"}},
      {{"rule", "!has(self.minNodes) || !has(self.maxNodes) || self.minNodes <= self.maxNodes"},
       {"message", "minNodes must be less than or equal to maxNodes"}},
  });
}

nlohmann::json printer_columns() {
  using nlohmann::json;
  return json::array({
      {{"name", "Instance Type"}, {"type", "string"}, {"jsonPath", ".spec.instanceType"}},
      {{"name", "Target"}, {"type", "integer"}, {"jsonPath", ".spec.targetNodes"}},
      {{"name", "Current"}, {"type", "integer"}, {"jsonPath", ".status.currentNodes"}},
      {{"name", "Age"}, {"type", "date"}, {"jsonPath", ".metadata.creationTimestamp"}},
  });
}
}  // namespace

bool is_rack_type(const std::string& instance_type) {
  return instance_type.rfind("gb200", 0) == 0 || instance_type.rfind("gb300", 0) == 0;
}

nlohmann::json nodepool_crd() {
  using nlohmann::json;
  json spec = json::parse(kSpecSchema);
  spec["x-kubernetes-validations"] = spec_rules();
  json schema = {{"type", "object"},
                 {"description", "NodePool is the Schema for the nodepools API."},
                 {"properties",
                  {{"apiVersion", {{"type", "string"}}},
                   {"kind", {{"type", "string"}}},
                   {"metadata", {{"type", "object"}}},
                   {"spec", spec},
                   {"status", json::parse(kStatusSchema)}}}};
  json version = {{"name", kVersion},
                  {"served", true},
                  {"storage", true},
                  {"schema", {{"openAPIV3Schema", schema}}},
                  {"subresources", {{"status", json::object()}}},
                  {"additionalPrinterColumns", printer_columns()}};
  return {{"apiVersion", "apiextensions.k8s.io/v1"},
          {"kind", "CustomResourceDefinition"},
          {"metadata", {{"name", std::string("nodepools.") + kGroup}}},
          {"spec",
           {{"group", kGroup},
            {"scope", "Cluster"},
            {"names", {{"kind", "NodePool"}, {"listKind", "NodePoolList"}, {"plural", "nodepools"}, {"singular", "nodepool"}}},
            {"versions", json::array({version})}}}};
}

}  // namespace gpupool::sim::coreweave
