#include "sim/kube/schema/openapi.h"

#include <doctest/doctest.h>

namespace gpupool::sim::kube::openapi {
namespace {

ResourceInfo gpupool() {
  ResourceInfo r;
  r.group = "gpupool.io";
  r.version = "v1alpha1";
  r.kind = "GPUPool";
  r.list_kind = "GPUPoolList";
  r.plural = "gpupools";
  r.singular = "gpupool";
  r.is_crd = true;
  r.schema = json::parse(R"({"type":"object","description":"A pool of GPU nodes.","properties":{
    "spec":{"type":"object","properties":{"targets":{"type":"array","description":"Where to place nodes.",
      "items":{"type":"object","properties":{"name":{"type":"string"}}}}}}}})");
  return r;
}

ResourceInfo ns() {
  ResourceInfo r;
  r.version = "v1";
  r.kind = "Namespace";
  r.plural = "namespaces";
  r.namespaced = false;
  return r;
}

TEST_CASE("CRD document: item patch carries GVK, fieldValidation and no SMP") {
  json doc = group_version_document("gpupool.io", "v1alpha1", {gpupool(), ns()});
  const json& item = doc["paths"]["/apis/gpupool.io/v1alpha1/namespaces/{namespace}/gpupools/{name}"];
  for (const char* op : {"get", "put", "patch", "delete"}) CHECK(item.contains(op));
  const json& patch = item["patch"];
  CHECK(patch["x-kubernetes-action"] == "patch");
  CHECK(patch["x-kubernetes-group-version-kind"] == json::parse(R"({"group":"gpupool.io","version":"v1alpha1","kind":"GPUPool"})"));
  bool field_validation = false;
  for (const auto& p : patch["parameters"]) field_validation |= p["name"] == "fieldValidation" && p["in"] == "query";
  CHECK(field_validation);
  const json& content = patch["requestBody"]["content"];
  CHECK(content.contains("application/json-patch+json"));
  CHECK(content.contains("application/merge-patch+json"));
  CHECK(content.contains("application/apply-patch+yaml"));
  CHECK_FALSE(content.contains("application/strategic-merge-patch+json"));
  CHECK(doc["paths"].contains("/apis/gpupool.io/v1alpha1/namespaces/{namespace}/gpupools"));
  CHECK(doc["paths"].contains("/apis/gpupool.io/v1alpha1/gpupools"));
  CHECK_FALSE(doc["paths"].contains("/api/v1/namespaces/{name}"));  // other GVs are filtered out
}

TEST_CASE("CRD schema component keeps descriptions and references ObjectMeta") {
  json doc = group_version_document("gpupool.io", "v1alpha1", {gpupool()});
  const json& s = doc["components"]["schemas"]["io.gpupool.v1alpha1.GPUPool"];
  CHECK(s["x-kubernetes-group-version-kind"] == json::parse(R"([{"group":"gpupool.io","version":"v1alpha1","kind":"GPUPool"}])"));
  CHECK(s["properties"]["spec"]["properties"]["targets"]["description"] == "Where to place nodes.");
  CHECK(s["properties"]["metadata"]["allOf"][0]["$ref"] == "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
  CHECK(doc["components"]["schemas"]["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]["properties"].contains("labels"));
}

TEST_CASE("built-in document: cluster-scoped paths and permissive schema") {
  json doc = group_version_document("", "v1", {ns()});
  const json& patch = doc["paths"]["/api/v1/namespaces/{name}"]["patch"];
  CHECK(patch["x-kubernetes-group-version-kind"] == json::parse(R"({"group":"","version":"v1","kind":"Namespace"})"));
  CHECK(doc["paths"].contains("/api/v1/namespaces"));
  const json& s = doc["components"]["schemas"]["io.k8s.api.core.v1.Namespace"];
  CHECK(s["x-kubernetes-preserve-unknown-fields"] == true);
  // Permissive built-ins do not offer SMP (kubectl would warn building it from
  // this schema; it still sends SMP for its compiled-in kinds).
  CHECK_FALSE(patch["requestBody"]["content"].contains("application/strategic-merge-patch+json"));
  ResourceInfo typed = ns();
  typed.schema = json::parse(R"({"type":"object","properties":{"spec":{"type":"object"}}})");
  json doc2 = group_version_document("", "v1", {typed});
  CHECK(doc2["paths"]["/api/v1/namespaces/{name}"]["patch"]["requestBody"]["content"].contains("application/strategic-merge-patch+json"));
}

TEST_CASE("root document lists each GV with a content hash") {
  json a = group_version_document("gpupool.io", "v1alpha1", {gpupool()});
  json b = group_version_document("", "v1", {ns()});
  json root = root_document({{"apis/gpupool.io/v1alpha1", a}, {"api/v1", b}});
  std::string url = root["paths"]["apis/gpupool.io/v1alpha1"]["serverRelativeURL"];
  CHECK(url == "/openapi/v3/apis/gpupool.io/v1alpha1?hash=" + document_hash(a));
  CHECK(root["paths"].contains("api/v1"));
  CHECK(document_hash(a) == document_hash(json::parse(a.dump())));
  CHECK(document_hash(a) != document_hash(b));
  CHECK(document_hash(a).size() == 32);
}

}  // namespace
}  // namespace gpupool::sim::kube::openapi
