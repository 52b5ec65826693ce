// Rest: the /scale subresource as an autoscaling/v1 Scale (§1.6).
#include "sim/kube/meta.h"
#include "sim/kube/patch.h"
#include "sim/kube/rest.h"

namespace gpupool::sim::kube {

using json = nlohmann::json;

namespace {

json set_path(json obj, const std::string& dotted, const json& value) {
  json* cur = &obj;
  std::size_t pos = dotted[0] == '.' ? 1 : 0;
  while (true) {
    auto dot = dotted.find('.', pos);
    std::string part = dotted.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (dot == std::string::npos) {
      (*cur)[part] = value;
      return obj;
    }
    if (!(*cur)[part].is_object()) (*cur)[part] = json::object();
    cur = &(*cur)[part];
    pos = dot + 1;
  }
}

json get_path(const json& obj, const std::string& dotted) {
  const json* cur = &obj;
  std::size_t pos = !dotted.empty() && dotted[0] == '.' ? 1 : 0;
  while (pos <= dotted.size()) {
    auto dot = dotted.find('.', pos);
    std::string part = dotted.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (!cur->is_object() || !cur->contains(part)) return nullptr;
    cur = &(*cur)[part];
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  return *cur;
}

}  // namespace

json build_scale(const ServedResource& r, const json& obj) {
  const ScaleSpec& s = *r.info.scale;
  json spec = get_path(obj, s.spec_replicas_path), status = get_path(obj, s.status_replicas_path);
  json md = {{"name", meta_string(obj, "name")}, {"uid", meta_string(obj, "uid")},
             {"resourceVersion", meta_rv(obj)}, {"creationTimestamp", meta_string(obj, "creationTimestamp")}};
  if (r.info.namespaced) md["namespace"] = meta_string(obj, "namespace");
  json scale = {{"apiVersion", "autoscaling/v1"}, {"kind", "Scale"}, {"metadata", md},
                {"spec", {{"replicas", spec.is_number_integer() ? spec : json(0)}}},
                {"status", {{"replicas", status.is_number_integer() ? status : json(0)}}}};
  if (!s.label_selector_path.empty()) {
    json sel = get_path(obj, s.label_selector_path);
    if (sel.is_string()) scale["status"]["selector"] = sel;
  }
  return scale;
}

HttpResponse Rest::write_scale(const Call& c, bool is_patch) {
  const StoredObject* old = s_.store->get(c.res->storage_key, c.key());
  if (!old) throw not_found(c.target());
  StoredObject keep = *old;
  json scale = build_scale(*c.res, *keep.obj);
  json body;
  if (is_patch) {
    std::string ct = strip_params(c.req.header("content-type"));
    json p = parse_json_body(c.req);
    try {
      body = ct == "application/json-patch+json" ? json_patch(scale, p) : merge_patch(scale, p);
    } catch (const PatchError& e) {
      throw ApiError{422, "Invalid", e.what(), nullptr};
    }
  } else {
    body = parse_json_body(c.req);
  }
  std::string rv = body.is_object() ? meta_rv(body) : "";
  if (!rv.empty() && rv != meta_rv(*keep.obj)) throw optimistic_lock_conflict(c.target());
  json replicas = body.is_object() && body.contains("spec") ? body["spec"].value("replicas", json()) : json();
  if (!replicas.is_number_integer() || replicas.get<long long>() < 0)
    throw invalid_field("Scale", "autoscaling", c.name, "spec.replicas", "FieldValueInvalid",
                        "Invalid value: " + replicas.dump() + ": must be greater than or equal to 0");
  json obj = set_path(*keep.obj, c.res->info.scale->spec_replicas_path, replicas);
  std::vector<std::string> warnings;
  json out = commit_update(c, keep, std::move(obj), warnings);
  return HttpResponse::json(200, build_scale(*c.res, out).dump());
}

}  // namespace gpupool::sim::kube
