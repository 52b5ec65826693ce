// Rest: DELETE and deletecollection with finalizers (§4), CRD cascade and a
// minimal namespace lifecycle (Terminating, contents deleted, then gone).
#include "sim/kube/meta.h"
#include "sim/kube/rest.h"
#include "sim/kube/selectors.h"

namespace gpupool::sim::kube {

using json = nlohmann::json;

namespace {

const char kCrdKey[] = "customresourcedefinitions.apiextensions.k8s.io";

struct DeleteOptions {
  bool dry_run = false;
  json preconditions;
};

DeleteOptions parse_delete_options(const HttpRequest& req) {
  DeleteOptions o;
  o.dry_run = dry_run(req);
  if (!req.body.empty()) {
    json body = parse_json_body(req);
    if (!body.is_object() && !body.is_null()) throw bad_request("the body of the request must be a DeleteOptions object");
    if (body.is_object()) {
      if (body.contains("dryRun") && body["dryRun"].is_array())
        for (const auto& d : body["dryRun"])
          if (d == "All") o.dry_run = true;
      if (body.contains("preconditions") && body["preconditions"].is_object()) o.preconditions = body["preconditions"];
      if (body.contains("propagationPolicy") && body["propagationPolicy"].is_string()) {
        std::string p = body["propagationPolicy"];
        if (p != "Foreground" && p != "Background" && p != "Orphan")
          throw invalid("DeleteOptions", "meta.k8s.io", "",
                        json::array({{{"reason", "FieldValueNotSupported"},
                                      {"message", "Unsupported value: \"" + p + "\": supported values: \"Foreground\", \"Background\", \"Orphan\""},
                                      {"field", "propagationPolicy"}}}));
      }
    }
  }
  return o;
}

void check_preconditions(const json& pre, const json& obj, const Target& t) {
  if (!pre.is_object()) return;
  if (pre.contains("uid") && pre["uid"].is_string()) {
    std::string want = pre["uid"], have = meta_string(obj, "uid");
    if (want != have)
      throw conflict(t, "the UID in the precondition (" + want + ") does not match the UID in record (" + have +
                            "). The object might have been deleted and then recreated");
  }
  if (pre.contains("resourceVersion") && pre["resourceVersion"].is_string()) {
    std::string want = pre["resourceVersion"], have = meta_rv(obj);
    if (want != have)
      throw conflict(t, "the ResourceVersion in the precondition (" + want + ") does not match the ResourceVersion in record (" +
                            have + "). The object might have been modified");
  }
}

bool has_finalizers(const json& obj) {
  const json* f = meta_field(obj, "finalizers");
  return f && f->is_array() && !f->empty();
}

}  // namespace

void Rest::remove_stored(const ResourcePtr& res, const std::string& key) {
  StoredObject last = s_.store->remove(res->storage_key, key);
  if (!last.obj) return;
  if (res->storage_key == kCrdKey) s_.registry.set_crd(meta_string(*last.obj, "name"), {});
  if (res->info.namespaced) finish_namespace_if_empty(meta_string(*last.obj, "namespace"));
}

void Rest::finish_namespace_if_empty(const std::string& ns) {
  const StoredObject* nso = s_.store->get("namespaces", ns);
  if (!nso || !meta_field(*nso->obj, "deletionTimestamp") || has_finalizers(*nso->obj)) return;
  std::string prefix = ns + "/";
  for (const auto& [sk, coll] : s_.store->all()) {
    auto it = coll.lower_bound(prefix);
    if (it != coll.end() && it->first.compare(0, prefix.size(), prefix) == 0) return;
  }
  s_.store->remove("namespaces", ns);
}

json Rest::delete_object(const ResourcePtr& res, const std::string& key, bool dry, bool& gone) {
  const StoredObject* so = s_.store->get(res->storage_key, key);
  gone = false;
  if (!so) return nullptr;
  json cur = *so->obj;
  bool is_crd = res->storage_key == kCrdKey;
  bool is_namespace = res->storage_key == "namespaces";
  if (dry) {
    gone = !has_finalizers(cur) && !is_namespace;
    return cur;
  }
  if (is_crd) {
    // Deleting a CRD stops serving it and deletes its objects (DELETED events).
    s_.registry.set_crd(meta_string(cur, "name"), {});
    std::string cr_key = cur["spec"]["names"].value("plural", "") + "." + cur["spec"].value("group", "");
    std::vector<std::string> keys;
    for (const auto& [k, v] : s_.store->collection(cr_key)) keys.push_back(k);
    for (const auto& k : keys) s_.store->remove(cr_key, k);
  }
  if (has_finalizers(cur) || is_namespace) {
    if (!meta_field(cur, "deletionTimestamp")) {
      cur["metadata"]["deletionTimestamp"] = now_rfc3339();
      cur["metadata"]["deletionGracePeriodSeconds"] = 0;
      if (res->track_generation) cur["metadata"]["generation"] = cur["metadata"].value("generation", 0) + 1;
      if (is_namespace) cur["status"]["phase"] = "Terminating";
      cur = *s_.store->update(res->storage_key, key, cur).obj;
    }
    if (is_namespace) {
      std::string ns = meta_string(cur, "name");
      std::string prefix = ns + "/";
      std::vector<std::pair<std::string, std::string>> victims;
      for (const auto& [sk, coll] : s_.store->all())
        for (auto it = coll.lower_bound(prefix); it != coll.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
          victims.emplace_back(sk, it->first);
      for (const auto& [sk, k] : victims) {
        ResourcePtr r = s_.registry.find_storage(sk);
        bool g = false;
        if (r) delete_object(r, k, false, g);
        else s_.store->remove(sk, k);
      }
      finish_namespace_if_empty(ns);
      gone = s_.store->get("namespaces", ns) == nullptr;
    }
    return cur;
  }
  remove_stored(res, key);
  gone = true;
  return cur;
}

HttpResponse Rest::remove(const Call& c) {
  DeleteOptions opts = parse_delete_options(c.req);
  const StoredObject* so = s_.store->get(c.res->storage_key, c.key());
  if (!so) throw not_found(c.target());
  check_preconditions(opts.preconditions, *so->obj, c.target());
  std::string uid = meta_string(*so->obj, "uid");
  bool gone = false;
  json final_state = delete_object(c.res, c.key(), opts.dry_run, gone);
  if (gone && c.res->storage_key != "namespaces") return HttpResponse::json(200, success_status(c.target(), uid).dump());
  return object_response(c, 200, final_state, {});
}

HttpResponse Rest::remove_collection(const Call& c) {
  DeleteOptions opts = parse_delete_options(c.req);
  LabelSelector labels = LabelSelector::parse(c.req.param("labelSelector").value_or(""));
  const ServedResource& r = *c.res;
  FieldSelector fields = FieldSelector::parse(c.req.param("fieldSelector").value_or(""),
                                              [&r](const std::string& l) { return field_label_supported(r, l); });
  std::vector<std::string> keys;
  std::string prefix = c.res->info.namespaced && !c.ns.empty() ? c.ns + "/" : "";
  for (const auto& [k, so] : s_.store->collection(c.res->storage_key)) {
    if (!prefix.empty() && k.compare(0, prefix.size(), prefix) != 0) continue;
    if (!labels.empty() && !labels.matches(*so.obj)) continue;
    if (!fields.empty() &&
        !fields.matches(*so.obj, [&r](const json& o, const std::string& f) { return field_value(r, o, f); }))
      continue;
    keys.push_back(k);
  }
  json items = json::array();
  for (const auto& k : keys) {
    bool gone = false;
    json last = delete_object(c.res, k, opts.dry_run, gone);
    if (last.is_null()) continue;
    last["apiVersion"] = c.res->info.group_version();
    items.push_back(std::move(last));
  }
  json list = {{"apiVersion", c.res->info.group_version()},
               {"kind", c.res->info.list_kind},
               {"metadata", {{"resourceVersion", std::to_string(s_.store->current_rv())}}},
               {"items", items}};
  return HttpResponse::json(200, list.dump());
}

}  // namespace gpupool::sim::kube
