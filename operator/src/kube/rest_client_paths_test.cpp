#include "kube/rest_client_paths.h"

#include <doctest/doctest.h>

namespace gpupool::kube {
namespace {

const ResourceRef kPools{"gpupool.io", "v1alpha1", "gpupools", true};
const ResourceRef kPods{"", "v1", "pods", true};
const ResourceRef kCrds{"apiextensions.k8s.io", "v1", "customresourcedefinitions", false};

TEST_CASE("paths for core and named groups, namespaced and cluster-scoped") {
  CHECK(resource_path(kPools, "default") == "/apis/gpupool.io/v1alpha1/namespaces/default/gpupools");
  CHECK(resource_path(kPools, "") == "/apis/gpupool.io/v1alpha1/gpupools");
  CHECK(resource_path(kPools, "default", "train", "status") ==
        "/apis/gpupool.io/v1alpha1/namespaces/default/gpupools/train/status");
  CHECK(resource_path(kPods, "kube-system", "p1") == "/api/v1/namespaces/kube-system/pods/p1");
  CHECK(resource_path(kCrds, "ignored", "gpupools.gpupool.io") ==
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gpupools.gpupool.io");
  CHECK(resource_path(kPools, "default", "", "status") == "/apis/gpupool.io/v1alpha1/namespaces/default/gpupools");
  CHECK(resource_path(kPools, "default", "a b/c") ==
        "/apis/gpupool.io/v1alpha1/namespaces/default/gpupools/a%20b%2Fc");
}

TEST_CASE("url_escape keeps unreserved characters only") {
  CHECK(url_escape("team=ml") == "team%3Dml");
  CHECK(url_escape("env in (a,b),!legacy") == "env%20in%20%28a%2Cb%29%2C%21legacy");
  CHECK(url_escape("A-z_0.9~") == "A-z_0.9~");
  CHECK(url_escape("ä") == "%C3%A4");
}

TEST_CASE("list query: selectors, limit, resourceVersion vs continue") {
  ListOptions o;
  CHECK(list_query(o).str() == "");
  o.label_selector = "team=ml";
  o.field_selector = "metadata.name=train";
  o.limit = 500;
  o.resource_version = "0";
  CHECK(list_query(o).str() == "?labelSelector=team%3Dml&fieldSelector=metadata.name%3Dtrain&limit=500&resourceVersion=0");
  o.continue_token = "eyJ2Ijoi+/=";
  CHECK(list_query(o).str() ==
        "?labelSelector=team%3Dml&fieldSelector=metadata.name%3Dtrain&limit=500&continue=eyJ2Ijoi%2B%2F%3D");
}

TEST_CASE("watch query matches what client libraries send") {
  WatchOptions o;
  o.resource_version = "104";
  CHECK(watch_query(o).str() == "?watch=true&resourceVersion=104&allowWatchBookmarks=true");
  o.allow_bookmarks = false;
  o.label_selector = "a!=b";
  o.timeout_seconds = 300;
  CHECK(watch_query(o).str() == "?watch=true&resourceVersion=104&labelSelector=a%21%3Db&timeoutSeconds=300");
}

TEST_CASE("patch content types") {
  CHECK(std::string(patch_content_type(PatchType::Merge)) == "application/merge-patch+json");
  CHECK(std::string(patch_content_type(PatchType::Json)) == "application/json-patch+json");
  CHECK(std::string(patch_content_type(PatchType::Strategic)) == "application/strategic-merge-patch+json");
  CHECK(std::string(patch_content_type(PatchType::Apply)) == "application/apply-patch+yaml");
}

}  // namespace
}  // namespace gpupool::kube
