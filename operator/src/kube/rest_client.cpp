#include "kube/rest_client.h"

#include "common/log.h"
#include "kube/rest_client_errors.h"
#include "kube/rest_client_paths.h"
#include "kube/rest_client_watch.h"

namespace gpupool::kube {
namespace {

constexpr const char* kAccept = "application/json, */*";
constexpr const char* kJson = "application/json";

std::string str_field(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string meta_field(const json& obj, const char* key) {
  return obj.is_object() && obj.contains("metadata") ? str_field(obj["metadata"], key) : std::string();
}

Status require(bool cond, const std::string& what) {
  return cond ? ok() : Status(fail(ErrorCode::InvalidArgument, what));
}

// Namespaced writes use the explicit namespace, else the object's own.
std::string write_namespace(const ResourceRef& r, const std::string& ns, const json& obj) {
  if (!r.namespaced) return "";
  return ns.empty() ? meta_field(obj, "namespace") : ns;
}

bool success(int status) { return status >= 200 && status <= 299; }

std::string path_only(const std::string& target) { return target.substr(0, target.find('?')); }

// Built-in lists omit each item's apiVersion/kind; typed decoders want them.
void fill_item_types(json& items, const std::string& api_version, const std::string& list_kind) {
  const bool is_list = list_kind.size() > 4 && list_kind.ends_with("List");
  const std::string kind = is_list ? list_kind.substr(0, list_kind.size() - 4) : "";
  for (auto& item : items) {
    if (!item.is_object()) continue;
    if (!item.contains("apiVersion") && !api_version.empty()) item["apiVersion"] = api_version;
    if (!item.contains("kind") && !kind.empty()) item["kind"] = kind;
  }
}

}  // namespace

RestClient::RestClient(std::shared_ptr<http::Transport> transport, RestClientOptions opts)
    : transport_(std::move(transport)), opts_(opts) {}

http::Request RestClient::request(std::string method, std::string target, std::string body,
                                  const char* content_type) const {
  http::Request req;
  req.method = std::move(method);
  req.target = std::move(target);
  req.headers.emplace_back("Accept", kAccept);
  if (content_type) req.headers.emplace_back("Content-Type", content_type);
  req.body = std::move(body);
  req.timeout = opts_.request_timeout;
  req.idempotent = req.method != "POST";
  return req;
}

Result<json> RestClient::call(const http::Request& req) {
  auto resp = transport_->send(req);
  if (!resp) return resp.error().with_context(req.method + " " + path_only(req.target));
  if (!success(resp->status)) return error_from_response(*resp);
  json body = json::parse(resp->body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded())
    return fail(ErrorCode::Internal, "undecodable JSON answer to " + req.method + " " + path_only(req.target));
  return body;
}

Result<json> RestClient::get(const ResourceRef& r, const std::string& ns, const std::string& name) {
  if (auto s = require(!name.empty(), "get " + r.plural + ": name is required"); !s) return s.error();
  if (auto s = require(!r.namespaced || !ns.empty(), "get " + r.plural + ": namespace is required"); !s)
    return s.error();
  return call(request("GET", resource_path(r, ns, name)));
}

Result<ListPage> RestClient::list(const ResourceRef& r, const std::string& ns, const ListOptions& opts) {
  auto body = call(request("GET", resource_path(r, ns) + list_query(opts).str()));
  if (!body) return body.error();
  ListPage page;
  if (auto m = body->find("metadata"); m != body->end()) {
    page.resource_version = str_field(*m, "resourceVersion");
    page.continue_token = str_field(*m, "continue");
  }
  if (auto items = body->find("items"); items != body->end() && items->is_array()) {
    fill_item_types(*items, str_field(*body, "apiVersion"), str_field(*body, "kind"));
    page.items.reserve(items->size());
    for (auto& item : *items) page.items.push_back(std::move(item));
  }
  return page;
}

Result<json> RestClient::create(const ResourceRef& r, const std::string& ns, const json& object) {
  const std::string target_ns = write_namespace(r, ns, object);
  if (auto s = require(!r.namespaced || !target_ns.empty(), "create " + r.plural + ": namespace is required"); !s)
    return s.error();
  return call(request("POST", resource_path(r, target_ns), object.dump(), kJson));
}

Result<json> RestClient::put(const ResourceRef& r, const std::string& ns, const json& object, const std::string& sub) {
  const std::string name = meta_field(object, "name"), target_ns = write_namespace(r, ns, object);
  if (auto s = require(!name.empty(), "update " + r.plural + ": metadata.name is required"); !s) return s.error();
  if (auto s = require(!r.namespaced || !target_ns.empty(), "update " + r.plural + ": namespace is required"); !s)
    return s.error();
  return call(request("PUT", resource_path(r, target_ns, name, sub), object.dump(), kJson));
}

Result<json> RestClient::update(const ResourceRef& r, const std::string& ns, const json& object) {
  return put(r, ns, object, "");
}

Result<json> RestClient::update_status(const ResourceRef& r, const std::string& ns, const json& object) {
  return put(r, ns, object, "status");
}

Result<json> RestClient::patch(const ResourceRef& r, const std::string& ns, const std::string& name, PatchType type,
                               const std::string& body, const std::string& subresource,
                               const std::string& field_manager) {
  if (auto s = require(!name.empty(), "patch " + r.plural + ": name is required"); !s) return s.error();
  if (auto s = require(!r.namespaced || !ns.empty(), "patch " + r.plural + ": namespace is required"); !s)
    return s.error();
  Query q;
  q.add_if("fieldManager", field_manager);
  // Controllers own their fields: apply with force (controller-runtime's ForceOwnership).
  if (type == PatchType::Apply) q.add("force", "true");
  auto req = request("PATCH", resource_path(r, ns, name, subresource) + q.str(), body, patch_content_type(type));
  req.idempotent = type != PatchType::Json;  // a JSON patch "add" to a list is not
  return call(req);
}

Status RestClient::remove(const ResourceRef& r, const std::string& ns, const std::string& name,
                          const DeleteOptions& opts) {
  if (auto s = require(!name.empty(), "delete " + r.plural + ": name is required"); !s) return s;
  if (auto s = require(!r.namespaced || !ns.empty(), "delete " + r.plural + ": namespace is required"); !s) return s;
  json body = {{"propagationPolicy", opts.propagation_policy}};
  if (opts.precondition_uid) body["preconditions"]["uid"] = *opts.precondition_uid;
  if (opts.precondition_resource_version) body["preconditions"]["resourceVersion"] = *opts.precondition_resource_version;
  auto req = request("DELETE", resource_path(r, ns, name), body.dump(), kJson);
  auto resp = transport_->send(req);
  if (!resp) return resp.error().with_context("DELETE " + req.target);
  if (!success(resp->status)) return error_from_response(*resp);
  return ok();
}

Status RestClient::watch(const ResourceRef& r, const std::string& ns, const WatchOptions& opts, std::stop_token stop,
                         const std::function<void(WatchEvent&&)>& on_event) {
  auto req = request("GET", resource_path(r, ns) + watch_query(opts).str());
  const auto server_limit = std::chrono::seconds(opts.timeout_seconds > 0 ? opts.timeout_seconds : 3600);
  req.timeout = server_limit + opts_.watch_timeout_margin;
  Status result = ok();
  auto resp = transport_->stream_lines(req, stop, [&](std::string_view line) {
    auto ev = decode_watch_line(line);
    if (!ev) {
      result = ev.error();
      if (result.error().code == ErrorCode::Internal)
        log::warn("ending watch on a malformed event", {{"path", path_only(req.target)}, {"error", result.error().message}});
      return false;
    }
    if (*ev) on_event(std::move(**ev));
    return !stop.stop_requested();
  });
  if (stop.stop_requested()) return ok();
  if (!resp) return resp.error().with_context("watch " + path_only(req.target));
  if (!success(resp->status)) return error_from_response(*resp);
  return result;
}

}  // namespace gpupool::kube
