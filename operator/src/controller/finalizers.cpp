#include "controller/finalizers.h"

#include <algorithm>

namespace gpupool::controller {

using kube::json;

namespace {

Result<json> send(kube::Client& client, const kube::ResourceRef& r, const api::ObjectMeta& meta,
                  const std::vector<std::string>& finalizers, PatchStyle style) {
  if (style == PatchStyle::Merge) {
    json patch = {{"metadata", {{"resourceVersion", meta.resource_version}, {"finalizers", finalizers}}}};
    return client.patch(r, meta.ns, meta.name, kube::PatchType::Merge, patch.dump());
  }
  json ops = json::array({{{"op", "test"}, {"path", "/metadata/resourceVersion"}, {"value", meta.resource_version}},
                          {{"op", "add"}, {"path", "/metadata/finalizers"}, {"value", finalizers}}});
  return client.patch(r, meta.ns, meta.name, kube::PatchType::Json, ops.dump());
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

Result<json> add_finalizer(kube::Client& client, const kube::ResourceRef& r, const api::ObjectMeta& meta,
                           const std::string& finalizer, PatchStyle style) {
  if (contains(meta.finalizers, finalizer)) return json();
  std::vector<std::string> next = meta.finalizers;
  next.push_back(finalizer);
  return send(client, r, meta, next, style);
}

Result<json> remove_finalizer(kube::Client& client, const kube::ResourceRef& r, const api::ObjectMeta& meta,
                              const std::string& finalizer, PatchStyle style) {
  if (!contains(meta.finalizers, finalizer)) return json();
  std::vector<std::string> next;
  for (const auto& f : meta.finalizers)
    if (f != finalizer) next.push_back(f);
  return send(client, r, meta, next, style);
}

}  // namespace gpupool::controller
