#include "controller/status_writer.h"

#include "common/log.h"

namespace gpupool::controller {

using kube::json;

json merge_patch_diff(const json& from, const json& to) {
  if (!from.is_object() || !to.is_object()) return to;
  json patch = json::object();
  for (const auto& [k, v] : from.items()) {
    if (!to.contains(k)) patch[k] = nullptr;
  }
  for (const auto& [k, v] : to.items()) {
    auto it = from.find(k);
    if (it == from.end()) patch[k] = v;
    else if (*it != v) patch[k] = (it->is_object() && v.is_object()) ? merge_patch_diff(*it, v) : v;
  }
  return patch;
}

StatusWriter::StatusWriter(kube::Client& client, kube::ResourceRef resource, Mode mode, int max_attempts)
    : client_(client), resource_(std::move(resource)), mode_(mode), max_attempts_(std::max(1, max_attempts)) {}

Result<json> StatusWriter::apply(const std::string& ns, const std::string& name, const Mutation& mutate) {
  auto obj = client_.get(resource_, ns, name);
  if (!obj) return obj.error();
  return apply(*obj, mutate);
}

Result<json> StatusWriter::apply(const json& object, const Mutation& mutate) {
  json current = object;
  for (int attempt = 1;; ++attempt) {
    const json old_status = current.value("status", json::object());
    json new_status = old_status;
    mutate(new_status);
    if (new_status == old_status) return current;
    auto written = write(current, new_status);
    if (written || written.error().code != ErrorCode::Conflict || attempt >= max_attempts_) return written;
    const auto& md = current.value("metadata", json::object());
    log::debug("status conflict, re-reading", {{"name", md.value("name", "")}, {"attempt", std::to_string(attempt)}});
    auto fresh = client_.get(resource_, md.value("namespace", ""), md.value("name", ""));
    if (!fresh) return fresh.error();
    current = std::move(*fresh);
  }
}

Result<json> StatusWriter::write(const json& object, const json& status) {
  const json& md = object.value("metadata", json::object());
  const std::string ns = md.value("namespace", "");
  if (mode_ == Mode::Update) {
    json next = object;
    next["status"] = status;
    return client_.update_status(resource_, ns, next);
  }
  json patch = {{"metadata", {{"resourceVersion", md.value("resourceVersion", "")}}},
                {"status", merge_patch_diff(object.value("status", json::object()), status)}};
  return client_.patch(resource_, ns, md.value("name", ""), kube::PatchType::Merge, patch.dump(), "status");
}

}  // namespace gpupool::controller
