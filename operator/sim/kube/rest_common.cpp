// Rest: dispatch, per-kind preparation, CR schema pipeline and responses.
#include <algorithm>

#include "sim/kube/crd_lifecycle.h"
#include "sim/kube/meta.h"
#include "sim/kube/protobuf.h"
#include "sim/kube/rest.h"
#include "sim/kube/schema/schema.h"

namespace gpupool::sim::kube {

using json = nlohmann::json;

const char kCrdKey[] = "customresourcedefinitions.apiextensions.k8s.io";

json parse_json_body(const HttpRequest& req) {
  if (is_protobuf(req.header("content-type"))) {
    if (auto obj = decode_k8s_protobuf(req.body)) return *obj;
    throw unsupported_media_type("the body of the request was in an unknown format - accepted media types include: "
                                 "application/json, application/yaml");
  }
  // Like kube-apiserver, refuse media types it has no decoder for (an empty
  // Content-Type is read as JSON, as curl users expect).
  const std::string type = strip_params(req.header("content-type"));
  if (!type.empty() && type != "*/*" && type.find("json") == std::string::npos &&
      type.find("yaml") == std::string::npos)
    throw unsupported_media_type("the body of the request was in an unknown format - accepted media types include: "
                                 "application/json, application/yaml, application/vnd.kubernetes.protobuf");
  try {
    return json::parse(req.body);
  } catch (const json::exception& e) {
    throw bad_request(std::string("the body of the request could not be decoded: ") + e.what());
  }
}

bool dry_run(const HttpRequest& req) {
  for (auto [it, end] = req.query.equal_range("dryRun"); it != end; ++it)
    if (it->second == "All") return true;
  return false;
}

bool wants_table(const HttpRequest& req) { return req.header("accept").find("as=Table") != std::string::npos; }

std::string strip_params(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  t.erase(std::remove_if(t.begin(), t.end(), ::isspace), t.end());
  std::transform(t.begin(), t.end(), t.begin(), ::tolower);
  return t;
}

HttpResponse Rest::serve(const Call& c) {
  const std::string& m = c.req.method;
  if (!c.sub.empty() && c.sub != "status" && !(c.sub == "scale" && c.res->info.scale)) throw path_not_found();
  if (!c.sub.empty() && m != "GET" && m != "PUT" && m != "PATCH") throw method_not_allowed(m, c.res->info.plural + "/" + c.sub);
  std::unique_lock<std::mutex> lock(s_.store->mutex());
  if (m == "GET") {
    if (c.sub == "scale") return get_scale(c);
    if (!c.name.empty()) return get(c);
    auto w = c.req.param("watch");
    if (w && (*w == "true" || *w == "1")) return watch(c);
    return list(c);
  }
  if (m == "POST") {
    if (!c.name.empty() || (c.res->info.namespaced && c.ns.empty())) throw method_not_allowed("create", c.res->info.plural);
    return create(c);
  }
  if (m == "PUT" && !c.name.empty()) return c.sub == "scale" ? write_scale(c, false) : update(c);
  if (m == "PATCH" && !c.name.empty()) return c.sub == "scale" ? write_scale(c, true) : patch(c);
  if (m == "DELETE") return c.name.empty() ? remove_collection(c) : remove(c);
  throw method_not_allowed(m, c.res->info.plural);
}

void Rest::prepare_kind(const Call& c, json& obj, const json* old) {
  const auto& info = c.res->info;
  if (info.group.empty() && info.plural == "secrets" && obj.contains("stringData")) {
    // stringData is write-only: merged into base64 data.
    if (obj["stringData"].is_object()) {
      if (!obj["data"].is_object()) obj["data"] = json::object();
      for (auto it = obj["stringData"].begin(); it != obj["stringData"].end(); ++it)
        if (it.value().is_string()) obj["data"][it.key()] = base64_encode(it.value().get<std::string>());
    }
    obj.erase("stringData");
  }
  if (info.group.empty() && info.plural == "namespaces") {
    obj["metadata"]["labels"]["kubernetes.io/metadata.name"] = meta_string(obj, "name");
    if (!old) {
      if (!obj["spec"].is_object()) obj["spec"] = json::object();
      if (!obj["spec"].contains("finalizers")) obj["spec"]["finalizers"] = json::array({"kubernetes"});
      obj["status"] = {{"phase", "Active"}};
    }
  }
  if (c.res->storage_key == kCrdKey && c.sub != "status") {
    std::vector<const json*> others;
    for (const auto& [k, so] : s_.store->collection(kCrdKey))
      if (k != meta_string(obj, "name")) others.push_back(so.obj.get());
    prepare_crd(obj, old, others);
  }
}

void Rest::run_schema(const Call& c, json& obj, const json* old, std::vector<std::string>& warnings) {
  const auto& info = c.res->info;
  if (!info.is_crd || !info.schema.is_object()) return;
  std::string mode = c.req.param("fieldValidation").value_or("Warn");
  if (mode != "Strict" && mode != "Warn" && mode != "Ignore")
    throw bad_request("fieldValidation: Invalid value: \"" + mode + "\": fieldValidation must be one of \"Ignore\", \"Warn\", \"Strict\"");
  std::vector<std::string> pruned;
  schema::prune(obj, info.schema, &pruned);
  if (!pruned.empty() && mode != "Ignore") {
    std::string list;
    for (auto p : pruned) {
      if (!p.empty() && p[0] == '.') p.erase(0, 1);
      if (mode == "Warn") warnings.push_back("unknown field \"" + p + "\"");
      list += (list.empty() ? "" : ", ") + std::string("unknown field \"") + p + "\"";
    }
    if (mode == "Strict")
      throw bad_request(info.kind + " in version \"" + info.version + "\" cannot be handled as a " + info.kind +
                        ": strict decoding error: " + list);
  }
  schema::apply_defaults(obj, info.schema);
  auto causes = schema::validate(obj, info.schema, old);
  if (!causes.empty()) {
    json cj = json::array();
    for (const auto& fc : causes) cj.push_back({{"reason", fc.reason}, {"message", fc.message}, {"field", fc.field}});
    throw invalid(info.kind, info.group, meta_string(obj, "name"), cj);
  }
}

void Rest::after_write(const ResourcePtr& res, const json* obj) {
  if (res->storage_key != kCrdKey || !obj) return;
  s_.registry.set_crd(meta_string(*obj, "name"), crd_resources(*obj));
}

std::string Rest::render_text(const ServedResource& r, const StoredObject& o) const {
  if (o.obj->value("apiVersion", "") == r.info.group_version()) return *o.text;
  json copy = *o.obj;
  copy["apiVersion"] = r.info.group_version();
  return copy.dump();
}

HttpResponse Rest::object_response(const Call& c, int code, const json& obj, const std::vector<std::string>& warnings) {
  std::string text;
  if (obj.value("apiVersion", "") != c.res->info.group_version() && obj.value("kind", "") == c.res->info.kind) {
    json copy = obj;
    copy["apiVersion"] = c.res->info.group_version();
    text = copy.dump();
  } else {
    text = obj.dump();
  }
  HttpResponse r = HttpResponse::json(code, std::move(text));
  for (const auto& w : warnings) r.headers.emplace_back("Warning", "299 - " + json(w).dump());
  return r;
}

void Rest::register_stored_crds() {
  for (const auto& [k, so] : s_.store->collection(kCrdKey)) s_.registry.set_crd(k, crd_resources(*so.obj));
}

void Rest::ensure_default_namespaces() {
  for (const char* ns : {"default", "kube-system", "kube-public"}) {
    if (s_.store->get("namespaces", ns)) continue;
    json obj = {{"apiVersion", "v1"},
                {"kind", "Namespace"},
                {"metadata",
                 {{"name", ns},
                  {"uid", new_uid()},
                  {"creationTimestamp", now_rfc3339()},
                  {"labels", {{"kubernetes.io/metadata.name", ns}}}}},
                {"spec", {{"finalizers", {"kubernetes"}}}},
                {"status", {{"phase", "Active"}}}};
    s_.store->create("namespaces", ns, std::move(obj));
  }
}

void Rest::install_crd(const json& crd) {
  HttpRequest req;
  req.method = "POST";
  std::unique_lock<std::mutex> lock(s_.store->mutex());
  ResourcePtr res = s_.registry.find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
  std::string name = meta_string(crd, "name");
  Call c{req, res, "", name, ""};
  std::vector<std::string> warnings;
  if (const StoredObject* found = s_.store->get(kCrdKey, name)) {
    StoredObject old = *found;  // the slot is replaced by the update
    json obj = crd;
    obj["metadata"]["resourceVersion"] = meta_rv(*old.obj);
    commit_update(c, old, obj, warnings);
  } else {
    Call cc{req, res, "", "", ""};
    commit_create(cc, crd, warnings);
  }
}

}  // namespace gpupool::sim::kube
