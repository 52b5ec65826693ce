// Per-group/version OpenAPI v3 documents shaped like kube-apiserver's, with
// what kubectl 1.32 reads: item-path operations carrying
// x-kubernetes-group-version-kind (explain and the fieldValidation probe look
// there), the fieldValidation query parameter on PATCH, the PATCH content
// types (apply's patch-type choice), and components.schemas whose
// x-kubernetes-group-version-kind list lets explain find a kind's schema.
#include "sim/kube/schema/openapi.h"

#include <cstdio>

namespace gpupool::sim::kube::openapi {
namespace {

const char* const kObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

json gvk(const ResourceInfo& r) { return {{"group", r.group}, {"version", r.version}, {"kind", r.kind}}; }

std::string join_reversed(const std::string& group) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t dot; (dot = group.find('.', start)) != std::string::npos; start = dot + 1) parts.push_back(group.substr(start, dot - start));
  parts.push_back(group.substr(start));
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out += (out.empty() ? "" : ".") + *it;
  return out;
}

// Definition names follow kube-apiserver: CRDs use the reversed group
// (io.gpupool.v1alpha1.GPUPool), built-ins their Go package path.
std::string schema_name(const ResourceInfo& r) {
  if (r.is_crd) return join_reversed(r.group) + "." + r.version + "." + r.kind;
  if (r.group.empty()) return "io.k8s.api.core." + r.version + "." + r.kind;
  if (r.group == "apiextensions.k8s.io") return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions." + r.version + "." + r.kind;
  std::string g = r.group.substr(0, r.group.find('.'));
  return "io.k8s.api." + g + "." + r.version + "." + r.kind;
}

json schema_ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

json query(const char* name, const char* type, const char* description) {
  return {{"name", name}, {"in", "query"}, {"description", description}, {"schema", {{"type", type}}}, {"uniqueItems", true}};
}

json write_params() {
  return json::array({query("dryRun", "string", "When present, indicates that modifications should not be persisted."),
                      query("fieldManager", "string", "fieldManager is a name associated with the actor or entity that is making these changes."),
                      query("fieldValidation", "string", "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.")});
}

json operation(const ResourceInfo& r, const char* action, json params) {
  json responses = {{"200", {{"description", "OK"}, {"content", {{"application/json", {{"schema", schema_ref(schema_name(r))}}}}}}}};
  return {{"x-kubernetes-action", action}, {"x-kubernetes-group-version-kind", gvk(r)},
          {"parameters", std::move(params)}, {"responses", std::move(responses)}};
}

json patch_operation(const ResourceInfo& r, bool offer_smp) {
  json params = write_params();
  params.push_back(query("force", "boolean", "Force is going to \"force\" Apply requests. It must be unset for non-apply patch requests."));
  json content = json::object();
  std::vector<std::string> types = {"application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"};
  if (offer_smp) types.push_back("application/strategic-merge-patch+json");
  for (const auto& t : types) content[t] = {{"schema", {{"type", "object"}}}};
  json op = operation(r, "patch", std::move(params));
  op["requestBody"] = {{"content", std::move(content)}, {"required", true}};
  return op;
}

json path_params(bool namespaced, bool item) {
  json p = json::array();
  if (item) p.push_back({{"name", "name"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  if (namespaced) p.push_back({{"name", "namespace"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  return p;
}

json list_params() {
  return json::array({query("labelSelector", "string", "A selector to restrict the list of returned objects by their labels."),
                      query("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields."),
                      query("limit", "integer", "limit is a maximum number of responses to return for a list call."),
                      query("continue", "string", "The continue option should be set when retrieving more results from the server."),
                      query("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
                      query("watch", "boolean", "Watch for changes to the described resources.")});
}

// SMP is offered only for built-ins that carry a real schema: kubectl builds an
// SMP from the v3 schema when offered, and a permissive schema makes it warn
// ("unable to find api field"); without the offer it still sends SMP for kinds
// compiled into it. CRDs never get SMP (kube-apiserver rejects it for CRs).
bool offers_smp(const ResourceInfo& r) { return !r.is_crd && !r.schema.is_null(); }

void add_paths(json& paths, const ResourceInfo& r) {
  const std::string base = (r.group.empty() ? "/api/" : "/apis/" + r.group + "/") + r.version;
  const std::string coll = r.namespaced ? base + "/namespaces/{namespace}/" + r.plural : base + "/" + r.plural;
  json& c = paths[coll];
  c["parameters"] = path_params(r.namespaced, false);
  c["get"] = operation(r, "list", list_params());
  c["post"] = operation(r, "post", write_params());
  c["post"]["requestBody"] = {{"content", {{"application/json", {{"schema", schema_ref(schema_name(r))}}}}}, {"required", true}};
  c["delete"] = operation(r, "deletecollection", list_params());
  json& item = paths[coll + "/{name}"];
  item["parameters"] = path_params(r.namespaced, true);
  item["get"] = operation(r, "get", json::array());
  item["put"] = operation(r, "put", write_params());
  item["put"]["requestBody"] = {{"content", {{"application/json", {{"schema", schema_ref(schema_name(r))}}}}}, {"required", true}};
  item["patch"] = patch_operation(r, offers_smp(r));
  item["delete"] = operation(r, "delete", json::array({query("dryRun", "string", "When present, indicates that modifications should not be persisted.")}));
  if (r.namespaced) paths[base + "/" + r.plural]["get"] = operation(r, "list", list_params());  // all namespaces
}

json object_meta_schema() {
  auto str = [](const char* d) { return json{{"type", "string"}, {"description", d}}; };
  json map = {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}};
  json props = {
      {"name", str("Name must be unique within a namespace.")},
      {"generateName", str("GenerateName is an optional prefix, used by the server, to generate a unique name.")},
      {"namespace", str("Namespace defines the space within which each name must be unique.")},
      {"uid", str("UID is the unique in time and space value for this object.")},
      {"resourceVersion", str("An opaque value that represents the internal version of this object.")},
      {"generation", {{"type", "integer"}, {"format", "int64"}, {"description", "A sequence number representing a specific generation of the desired state."}}},
      {"creationTimestamp", str("CreationTimestamp is a timestamp representing the server time when this object was created.")},
      {"deletionTimestamp", str("DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted.")},
      {"labels", map}, {"annotations", map},
      {"finalizers", {{"type", "array"}, {"items", {{"type", "string"}}}, {"x-kubernetes-list-type", "set"}}},
      {"ownerReferences", {{"type", "array"}, {"items", {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}}},
      {"managedFields", {{"type", "array"}, {"items", {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}}}};
  map["description"] = "Map of string keys and values.";
  props["labels"]["description"] = "Map of string keys and values that can be used to organize and categorize objects.";
  props["annotations"]["description"] = "Annotations is an unstructured key value map stored with a resource.";
  return {{"type", "object"}, {"description", "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create."}, {"properties", props}};
}

// The kind's schema: the CRD's openAPIV3Schema (descriptions kept for
// explain) with apiVersion/kind/metadata filled in, or a permissive object.
json resource_schema(const ResourceInfo& r) {
  json s = r.schema.is_object() ? r.schema : json{{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}};
  json& props = s["properties"];
  props["apiVersion"] = {{"type", "string"}, {"description", "APIVersion defines the versioned schema of this representation of an object."}};
  props["kind"] = {{"type", "string"}, {"description", "Kind is a string value representing the REST resource this object represents."}};
  props["metadata"] = {{"allOf", json::array({schema_ref(kObjectMeta)})}, {"description", "Standard object's metadata."}};
  s["x-kubernetes-group-version-kind"] = json::array({gvk(r)});
  return s;
}

}  // namespace

json group_version_document(const std::string& group, const std::string& version,
                            const std::vector<ResourceInfo>& resources) {
  json doc = {{"openapi", "3.0.0"}, {"info", {{"title", "Kubernetes"}, {"version", "v1.32.0"}}},
              {"paths", json::object()}, {"components", {{"schemas", json::object()}}}};
  doc["components"]["schemas"][kObjectMeta] = object_meta_schema();
  for (const auto& r : resources) {
    if (r.group != group || r.version != version) continue;
    add_paths(doc["paths"], r);
    doc["components"]["schemas"][schema_name(r)] = resource_schema(r);
  }
  return doc;
}

std::string document_hash(const json& document) {
  // Two FNV-1a 64-bit passes with different offsets: stable across runs and
  // builds (nlohmann sorts keys), and changes whenever the text changes.
  const std::string text = document.dump();
  uint64_t a = 1469598103934665603ULL, b = 0x84222325cbf29ce4ULL;
  for (unsigned char c : text) {
    a = (a ^ c) * 1099511628211ULL;
    b = (b ^ c) * 1099511628211ULL + 0x9e3779b97f4a7c15ULL;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llX%016llX", static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
  return buf;
}

json root_document(const std::vector<std::pair<std::string, json>>& documents) {
  json paths = json::object();
  for (const auto& [key, doc] : documents) {
    paths[key] = {{"serverRelativeURL", "/openapi/v3/" + key + "?hash=" + document_hash(doc)}};
  }
  return {{"paths", paths}};
}

}  // namespace gpupool::sim::kube::openapi
