#include "sim/kube/api_server.h"

#include <atomic>
#include <iostream>
#include <map>
#include <thread>

#include "sim/kube/discovery.h"
#include "sim/kube/persistence.h"
#include "sim/kube/rest.h"
#include "sim/kube/schema/openapi.h"
#include "sim/kube/status_errors.h"

namespace gpupool::sim::kube {

using json = nlohmann::json;

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < path.size()) {
    auto slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    if (slash > pos) out.push_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}

HttpResponse json_ok(const json& j) { return HttpResponse::json(200, j.dump()); }

struct FailRule {
  int remaining;
  int status;
  int retry_after;
  std::string prefix;
};

}  // namespace

struct ApiServer::Impl {
  explicit Impl(ApiServerOptions opts) : state(std::move(opts)), rest(state) {}

  HttpResponse handle(const HttpRequest& req);
  HttpResponse resource(const HttpRequest& req, const std::string& group, const std::string& version,
                        std::vector<std::string> rest_segs);
  HttpResponse openapi(const std::vector<std::string>& segs);
  std::optional<ApiError> injected_failure(const std::string& path);

  ServerState state;
  Rest rest;
  std::unique_ptr<Persistence> persistence;
  std::mutex admin_mu;  // fail rules
  std::vector<FailRule> fail_rules;
  std::atomic<long> latency_ms{0};
  std::atomic<long> requests{0};
  std::atomic<bool> shut{false};
  // OpenAPI cache, rebuilt when the registry generation changes (store mutex).
  std::uint64_t openapi_generation = 0;
  std::vector<std::pair<std::string, json>> openapi_docs;
  json openapi_root;
};

std::optional<ApiError> ApiServer::Impl::injected_failure(const std::string& path) {
  std::lock_guard<std::mutex> lock(admin_mu);
  for (auto it = fail_rules.begin(); it != fail_rules.end(); ++it) {
    if (path.compare(0, it->prefix.size(), it->prefix) != 0) continue;
    ApiError e = from_code(it->status, "injected failure (" + std::to_string(it->status) + ")", it->retry_after);
    if (it->status == 429) e.message = "Too many requests, please try again later.";
    if (it->status == 500) e = internal_error("injected failure");
    if (it->retry_after > 0) e.retry_after_seconds = it->retry_after;
    if (--it->remaining <= 0) fail_rules.erase(it);
    return e;
  }
  return std::nullopt;
}

HttpResponse ApiServer::Impl::handle(const HttpRequest& req) {
  ++requests;
  if (long ms = latency_ms.load(); ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  const std::string& path = req.path;
  if (path == "/healthz" || path == "/readyz" || path == "/livez") {
    HttpResponse r;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = "ok";
    return r;
  }
  const ApiServerOptions& opts = state.opts;
  if (!opts.bearer_token.empty() && path != "/version" && req.header("authorization") != "Bearer " + opts.bearer_token) {
    if (opts.bad_token_status == 403)
      throw forbidden("forbidden: User \"system:anonymous\" cannot " + std::string(req.method == "GET" ? "get" : "access") +
                      " path \"" + path + "\"");
    throw from_code(opts.bad_token_status, "Unauthorized", 0);
  }
  if (auto e = injected_failure(path)) throw *e;
  auto segs = split_path(path);
  if (path == "/version") return json_ok(version_info());
  if (segs.empty()) throw path_not_found();
  if (segs[0] == "openapi") return openapi(segs);
  if (segs[0] == "api") {
    if (segs.size() == 1) return json_ok(api_versions(opts.server_address));
    if (segs[1] != "v1") throw path_not_found();
    if (segs.size() == 2) {
      std::lock_guard<std::mutex> lock(state.store->mutex());
      return json_ok(*api_resource_list(state.registry, "", "v1"));
    }
    return resource(req, "", "v1", {segs.begin() + 2, segs.end()});
  }
  if (segs[0] == "apis") {
    std::unique_lock<std::mutex> lock(state.store->mutex());
    if (segs.size() == 1) return json_ok(api_group_list(state.registry));
    if (segs.size() == 2) {
      if (auto g = api_group(state.registry, segs[1])) return json_ok(*g);
      throw path_not_found();
    }
    if (segs.size() == 3) {
      if (auto l = api_resource_list(state.registry, segs[1], segs[2])) return json_ok(*l);
      throw path_not_found();
    }
    lock.unlock();
    return resource(req, segs[1], segs[2], {segs.begin() + 3, segs.end()});
  }
  throw path_not_found();
}

HttpResponse ApiServer::Impl::resource(const HttpRequest& req, const std::string& group, const std::string& version,
                                       std::vector<std::string> segs) {
  HttpRequest watch_req;
  const HttpRequest* r = &req;
  if (!segs.empty() && segs[0] == "watch") {
    // Deprecated /watch/ prefix: same as ?watch=true.
    watch_req = req;
    watch_req.query.emplace("watch", "true");
    r = &watch_req;
    segs.erase(segs.begin());
  }
  std::string ns, plural, name, sub;
  bool ns_path = segs.size() >= 3 && segs[0] == "namespaces" &&
                 !(group.empty() && segs.size() == 3 && (segs[2] == "status" || segs[2] == "finalize"));
  std::size_t base = 0;
  if (ns_path) {
    ns = segs[1];
    base = 2;
  }
  if (segs.size() <= base || segs.size() > base + 3) throw path_not_found();
  plural = segs[base];
  if (segs.size() > base + 1) name = segs[base + 1];
  if (segs.size() > base + 2) sub = segs[base + 2];
  ResourcePtr res;
  {
    std::lock_guard<std::mutex> lock(state.store->mutex());
    res = state.registry.find(group, version, plural);
  }
  if (!res) throw path_not_found();
  if (ns_path && !res->info.namespaced) throw path_not_found();
  if (!ns_path && res->info.namespaced && !name.empty()) throw path_not_found();
  Call call{*r, res, ns, name, sub};
  return rest.serve(call);
}

HttpResponse ApiServer::Impl::openapi(const std::vector<std::string>& segs) {
  if (segs.size() < 2 || segs[1] != "v3") throw path_not_found();
  std::lock_guard<std::mutex> lock(state.store->mutex());
  if (openapi_generation != state.registry.generation()) {
    openapi_docs.clear();
    std::map<std::string, std::vector<ResourceInfo>> by_gv;
    for (const auto& r : state.registry.all())
      by_gv[r->info.group.empty() ? "api/v1" : "apis/" + r->info.group_version()].push_back(r->info);
    for (const auto& [key, infos] : by_gv)
      openapi_docs.emplace_back(key, openapi::group_version_document(infos[0].group, infos[0].version, infos));
    openapi_root = openapi::root_document(openapi_docs);
    openapi_generation = state.registry.generation();
  }
  if (segs.size() == 2) return json_ok(openapi_root);
  std::string key;
  for (std::size_t i = 2; i < segs.size(); ++i) key += (i > 2 ? "/" : "") + segs[i];
  for (const auto& [k, doc] : openapi_docs)
    if (k == key) {
      HttpResponse r = json_ok(doc);
      r.headers.emplace_back("Etag", "\"" + openapi::document_hash(doc) + "\"");
      return r;
    }
  throw path_not_found();
}

ApiServer::ApiServer(ApiServerOptions opts) : impl_(std::make_unique<Impl>(std::move(opts))) {
  if (!impl_->state.opts.persist_dir.empty()) {
    impl_->persistence = std::make_unique<Persistence>(impl_->state.opts.persist_dir, impl_->state.store);
    std::string err = impl_->persistence->load();
    if (!err.empty()) std::cerr << "gpupool-sim kube: " << err << " (starting empty)\n";
  }
  {
    std::lock_guard<std::mutex> lock(impl_->state.store->mutex());
    impl_->rest.register_stored_crds();
    impl_->rest.ensure_default_namespaces();
  }
  if (impl_->persistence) impl_->persistence->start();
}

ApiServer::~ApiServer() { shutdown(); }

HttpResponse ApiServer::handle(const HttpRequest& req) {
  try {
    return impl_->handle(req);
  } catch (const ApiError& e) {
    return error_response(e);
  } catch (const nlohmann::json::exception& e) {
    return error_response(bad_request(e.what()));
  } catch (const std::exception& e) {
    return error_response(internal_error(e.what()));
  } catch (...) {
    return error_response(internal_error("unknown error"));
  }
}

void ApiServer::fail_next(int count, int status, int retry_after_seconds, const std::string& path_prefix) {
  if (count <= 0) return;
  std::lock_guard<std::mutex> lock(impl_->admin_mu);
  impl_->fail_rules.push_back({count, status, retry_after_seconds, path_prefix});
}

void ApiServer::drop_watches() {
  std::lock_guard<std::mutex> lock(impl_->state.store->mutex());
  impl_->state.store->drop_watches();
}

void ApiServer::compact() {
  std::lock_guard<std::mutex> lock(impl_->state.store->mutex());
  impl_->state.store->compact();
}

void ApiServer::set_latency(std::chrono::milliseconds extra) { impl_->latency_ms = extra.count(); }

Status ApiServer::install_crd(const nlohmann::json& crd) {
  try {
    impl_->rest.install_crd(crd);
    return {true, ""};
  } catch (const ApiError& e) {
    return {false, e.message};
  } catch (const std::exception& e) {
    return {false, e.what()};
  }
}

void ApiServer::shutdown() {
  if (impl_->shut.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(impl_->state.store->mutex());
    impl_->state.store->close();
  }
  if (impl_->persistence) impl_->persistence->stop();
}

nlohmann::json ApiServer::stats() const {
  std::lock_guard<std::mutex> lock(impl_->state.store->mutex());
  json objects = json::object();
  for (const auto& [sk, coll] : impl_->state.store->all()) objects[sk] = coll.size();
  return {{"objects", objects},
          {"openWatches", impl_->state.store->open_watches().load()},
          {"resourceVersion", std::to_string(impl_->state.store->current_rv())},
          {"requests", impl_->requests.load()}};
}

}  // namespace gpupool::sim::kube
