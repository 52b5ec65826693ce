// Rest: create, update (PUT), patch and the write pipeline (§1.5, §2).
#include <algorithm>

#include "sim/kube/meta.h"
#include "sim/kube/patch.h"
#include "sim/kube/rest.h"

namespace gpupool::sim::kube {

using json = nlohmann::json;

namespace {

const char kAcceptedCr[] =
    "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, "
    "application/merge-patch+json, application/apply-patch+yaml";

bool deleting(const json& obj) { return meta_field(obj, "deletionTimestamp") != nullptr; }

json finalizers(const json& obj) {
  const json* f = meta_field(obj, "finalizers");
  return f && f->is_array() ? *f : json::array();
}

// Content compared for generation: everything but metadata (and status when
// it has its own endpoint).
json generation_view(const json& obj, bool has_status) {
  json v = obj;
  v.erase("metadata");
  if (has_status) v.erase("status");
  return v;
}

}  // namespace

HttpResponse Rest::create(const Call& c) {
  json obj = parse_json_body(c.req);
  if (!obj.is_object()) throw bad_request("the body of the request must be a JSON object");
  std::vector<std::string> warnings;
  json out = commit_create(c, std::move(obj), warnings);
  return object_response(c, 201, out, warnings);
}

json Rest::commit_create(const Call& c, json obj, std::vector<std::string>& warnings) {
  const auto& info = c.res->info;
  if (obj.contains("kind") && obj["kind"] != info.kind)
    throw bad_request(obj["kind"].dump() + " is not the kind of this endpoint (" + info.kind + ")");
  obj["apiVersion"] = info.group_version();
  obj["kind"] = info.kind;
  if (!obj["metadata"].is_object()) obj["metadata"] = json::object();
  json& md = obj["metadata"];
  std::string ns = meta_string(obj, "namespace");
  if (info.namespaced) {
    if (ns.empty()) md["namespace"] = c.ns;
    else if (ns != c.ns) throw bad_request("the namespace of the provided object does not match the namespace sent on the request");
  } else {
    md.erase("namespace");
  }
  std::string name = meta_string(obj, "name");
  std::string generate = meta_string(obj, "generateName");
  if (name.empty() && generate.empty())
    throw invalid_field(info.kind, info.group, "", "metadata.name", "FieldValueRequired",
                        "Required value: name or generateName is required");
  if (name.empty()) {
    for (int attempt = 0; attempt < 8; ++attempt) {
      name = generate_name(generate);
      if (!s_.store->get(c.res->storage_key, Store::key(info.namespaced ? c.ns : "", name))) break;
    }
  }
  md["name"] = name;
  std::string why = info.plural == "namespaces" && info.group.empty() ? dns_label_error(name) : dns_subdomain_error(name);
  if (!why.empty())
    throw invalid_field(info.kind, info.group, name, "metadata.name", "FieldValueInvalid",
                        "Invalid value: \"" + name + "\": " + why);
  if (!meta_rv(obj).empty()) throw ApiError{500, "", "resourceVersion should not be set on objects to be created", nullptr};
  if (info.namespaced) {
    const StoredObject* nso = s_.store->get("namespaces", c.ns);
    if (!nso) throw not_found({"namespaces", "", c.ns});
    if (deleting(*nso->obj)) {
      ApiError e = forbidden(qualified_resource(Target{info.plural, info.group, name}) + " \"" + name +
                             "\" is forbidden: unable to create new content in namespace " + c.ns +
                             " because it is being terminated");
      e.details = {{"name", name}, {"group", info.group}, {"kind", info.plural},
                   {"causes", json::array({{{"reason", "NamespaceTerminating"},
                                            {"message", "namespace " + c.ns + " is being terminated"},
                                            {"field", "metadata.namespace"}}})}};
      throw e;
    }
  }
  if (info.has_status) obj.erase("status");
  prepare_kind(c, obj, nullptr);
  run_schema(c, obj, nullptr, warnings);
  json& m = obj["metadata"];
  m["uid"] = new_uid();
  m["creationTimestamp"] = now_rfc3339();
  if (c.res->track_generation) m["generation"] = 1;
  else m.erase("generation");
  m.erase("deletionTimestamp");
  m.erase("deletionGracePeriodSeconds");
  m.erase("resourceVersion");
  std::string key = Store::key(info.namespaced ? c.ns : "", name);
  if (s_.store->get(c.res->storage_key, key)) throw already_exists({info.plural, info.group, name});
  if (dry_run(c.req)) return obj;
  obj["apiVersion"] = c.res->storage_version;
  StoredObject so = s_.store->create(c.res->storage_key, key, std::move(obj));
  after_write(c.res, so.obj.get());
  return *so.obj;
}

json Rest::commit_update(const Call& c, const StoredObject& old, json obj, std::vector<std::string>& warnings) {
  const auto& info = c.res->info;
  const json& o = *old.obj;
  obj["apiVersion"] = info.group_version();
  obj["kind"] = info.kind;
  if (!obj["metadata"].is_object()) obj["metadata"] = json::object();
  json& md = obj["metadata"];
  for (const char* f : {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation",
                        "name", "namespace", "resourceVersion"}) {
    if (const json* v = meta_field(o, f)) md[f] = *v;
    else md.erase(f);
  }
  if (!md.contains("managedFields") || md["managedFields"].is_null()) {
    if (const json* mf = meta_field(o, "managedFields")) md["managedFields"] = *mf;
  }
  if (deleting(o)) {
    json added = json::array();
    json before = finalizers(o);
    for (const auto& f : finalizers(obj))
      if (std::find(before.begin(), before.end(), f) == before.end()) added.push_back(f);
    if (!added.empty()) {
      std::string list;
      for (const auto& f : added) list += (list.empty() ? "" : ", ") + f.dump();
      throw invalid_field(info.kind, info.group, c.name, "metadata.finalizers", "FieldValueForbidden",
                          "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{" + list + "}");
    }
  }
  prepare_kind(c, obj, &o);
  run_schema(c, obj, &o, warnings);
  obj["apiVersion"] = c.res->storage_version;
  if (c.res->track_generation && generation_view(obj, info.has_status) != generation_view(o, info.has_status))
    md["generation"] = o["metadata"].value("generation", 0) + 1;
  if (obj == o) return o;  // no-op: same RV, no event
  if (deleting(o) && finalizers(obj).empty()) {
    // Removing the last finalizer completes the deletion inside this request.
    if (!dry_run(c.req)) remove_stored(c.res, c.key());
    return obj;
  }
  if (dry_run(c.req)) return obj;
  StoredObject so = s_.store->update(c.res->storage_key, c.key(), std::move(obj));
  after_write(c.res, so.obj.get());
  return *so.obj;
}

HttpResponse Rest::update(const Call& c) {
  const auto& info = c.res->info;
  json obj = parse_json_body(c.req);
  if (!obj.is_object()) throw bad_request("the body of the request must be a JSON object");
  if (!obj["metadata"].is_object()) obj["metadata"] = json::object();
  std::string name = meta_string(obj, "name");
  if (name.empty()) obj["metadata"]["name"] = c.name;
  else if (name != c.name)
    throw bad_request("the name of the object (" + name + ") does not match the name on the URL (" + c.name + ")");
  std::string ns = meta_string(obj, "namespace");
  if (info.namespaced && !ns.empty() && ns != c.ns)
    throw bad_request("the namespace of the provided object does not match the namespace sent on the request");
  const StoredObject* old = s_.store->get(c.res->storage_key, c.key());
  if (!old) throw not_found(c.target());
  std::string rv = meta_rv(obj);
  if (rv.empty() && info.is_crd)
    throw invalid_field(info.plural, info.group, c.name, "metadata.resourceVersion", "FieldValueInvalid",
                        "Invalid value: 0x0: must be specified for an update");
  if (!rv.empty() && rv != meta_rv(*old->obj)) throw optimistic_lock_conflict(c.target());
  const json& o = *old->obj;
  if (c.sub == "status") {
    json next = o;
    if (obj.contains("status")) next["status"] = obj["status"];
    else next.erase("status");
    if (obj["metadata"].contains("managedFields")) next["metadata"]["managedFields"] = obj["metadata"]["managedFields"];
    obj = std::move(next);
  } else if (info.has_status) {
    if (o.contains("status")) obj["status"] = o["status"];
    else obj.erase("status");
  }
  StoredObject keep = *old;  // the store slot may change under commit
  std::vector<std::string> warnings;
  json out = commit_update(c, keep, std::move(obj), warnings);
  return object_response(c, 200, out, warnings);
}

HttpResponse Rest::patch(const Call& c) {
  const auto& info = c.res->info;
  std::string ct = strip_params(c.req.header("content-type"));
  bool is_apply = ct == "application/apply-patch+yaml";
  if (c.req.param("force") && !is_apply)
    throw invalid("PatchOptions", "meta.k8s.io", "",
                  json::array({{{"reason", "FieldValueForbidden"},
                                {"message", "Forbidden: may not be specified for non-apply patch"},
                                {"field", "force"}}}));
  if (is_apply) return apply(c);
  bool smp = ct == "application/strategic-merge-patch+json";
  if (ct != "application/json-patch+json" && ct != "application/merge-patch+json" && !(smp && !info.is_crd))
    throw unsupported_media_type(info.is_crd ? std::string(kAcceptedCr)
                                             : std::string(kAcceptedCr) + ", application/strategic-merge-patch+json");
  json p;
  try {
    p = json::parse(c.req.body);
  } catch (const json::exception& e) {
    throw bad_request(std::string("error decoding patch: ") + e.what());
  }
  if (ct != "application/json-patch+json" && !p.is_object())
    throw bad_request("error decoding patch: patch must be a JSON object");
  const StoredObject* old = s_.store->get(c.res->storage_key, c.key());
  if (!old) throw not_found(c.target());
  StoredObject keep = *old;
  const json& o = *keep.obj;
  json base = o;
  base["apiVersion"] = info.group_version();
  json result;
  try {
    if (ct == "application/json-patch+json") result = json_patch(base, p);
    else if (smp) result = strategic_merge_patch(base, p);
    else result = merge_patch(base, p);
  } catch (const PatchError& e) {
    throw ApiError{422, "Invalid", e.what(), nullptr};
  }
  if (!result.is_object()) throw ApiError{422, "Invalid", "patch result is not an object", nullptr};
  if (meta_rv(result) != meta_rv(o)) {
    if (!meta_rv(result).empty()) throw optimistic_lock_conflict(c.target());
  }
  if (c.sub == "status") {
    json next = o;
    if (result.contains("status")) next["status"] = result["status"];
    else next.erase("status");
    result = std::move(next);
  } else if (info.has_status) {
    if (o.contains("status")) result["status"] = o["status"];
    else result.erase("status");
  }
  std::vector<std::string> warnings;
  json out = commit_update(c, keep, std::move(result), warnings);
  return object_response(c, 200, out, warnings);
}

}  // namespace gpupool::sim::kube
