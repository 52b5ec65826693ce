#pragma once
// REST verbs on stored resources (kubernetes-api.md §1–§4): get, list, watch,
// create, update, patch, delete, deletecollection, /status and /scale. One
// class whose methods are split over rest_read.cpp, rest_write.cpp,
// rest_delete.cpp and rest_common.cpp. Failures throw ApiError; the caller
// (ApiServer::handle) converts them. Thread-safe: every verb takes the store
// mutex for its whole read-modify-write.
#include <memory>
#include <string>
#include <vector>

#include "sim/kube/api_server.h"
#include "sim/kube/registry.h"
#include "sim/kube/status_errors.h"
#include "sim/kube/store.h"
#include "sim/server/http_types.h"

namespace gpupool::sim::kube {

// A request resolved to a served resource.
struct Call {
  const HttpRequest& req;
  ResourcePtr res;
  std::string ns;    // namespace from the path ("" = none / all)
  std::string name;  // "" for collection requests
  std::string sub;   // "", "status", "scale"
  Target target() const { return {res->info.plural, res->info.group, name}; }
  std::string key() const { return Store::key(res->info.namespaced ? ns : "", name); }
};

// Shared server state; every field is guarded by store->mutex().
struct ServerState {
  explicit ServerState(const ApiServerOptions& o) : opts(o), store(std::make_shared<Store>(o.history_limit)) {}
  ApiServerOptions opts;
  std::shared_ptr<Store> store;
  Registry registry;
};

class Rest {
 public:
  explicit Rest(ServerState& state) : s_(state) {}
  HttpResponse serve(const Call& call);  // throws ApiError

  // Creates a CRD as POST would (admin hook). Caller must not hold the lock.
  void install_crd(const nlohmann::json& crd);
  // Re-registers every stored Established CRD (after persistence load). Lock held.
  void register_stored_crds();
  // Creates `default`, `kube-system`, `kube-public` if missing. Lock held.
  void ensure_default_namespaces();

 private:
  // rest_read.cpp
  HttpResponse get(const Call& c);
  HttpResponse list(const Call& c);
  HttpResponse watch(const Call& c);
  HttpResponse get_scale(const Call& c);
  // rest_write.cpp
  HttpResponse create(const Call& c);
  HttpResponse update(const Call& c);
  HttpResponse patch(const Call& c);
  HttpResponse write_scale(const Call& c, bool is_patch);  // rest_scale.cpp
  HttpResponse apply(const Call& c);  // rest_apply.cpp
  // Stores a new object after validation; returns what was (or, dry run, would be) stored.
  nlohmann::json commit_create(const Call& c, nlohmann::json obj, std::vector<std::string>& warnings);
  // Validates and stores an update of `old`; handles no-op writes and finalizer-driven deletion.
  nlohmann::json commit_update(const Call& c, const StoredObject& old, nlohmann::json obj,
                               std::vector<std::string>& warnings);
  // rest_delete.cpp
  HttpResponse remove(const Call& c);
  HttpResponse remove_collection(const Call& c);
  // Deletes one stored object honouring finalizers; returns its final state
  // and whether it is gone.
  nlohmann::json delete_object(const ResourcePtr& res, const std::string& key, bool dry_run, bool& gone);
  void remove_stored(const ResourcePtr& res, const std::string& key);
  void finish_namespace_if_empty(const std::string& ns);
  // rest_common.cpp
  void prepare_kind(const Call& c, nlohmann::json& obj, const nlohmann::json* old);
  void run_schema(const Call& c, nlohmann::json& obj, const nlohmann::json* old, std::vector<std::string>& warnings);
  void after_write(const ResourcePtr& res, const nlohmann::json* obj);
  HttpResponse object_response(const Call& c, int code, const nlohmann::json& obj,
                               const std::vector<std::string>& warnings);
  std::string render_text(const ServedResource& r, const StoredObject& o) const;

  ServerState& s_;
};

// autoscaling/v1 Scale view of an object whose resource has a scale subresource.
nlohmann::json build_scale(const ServedResource& r, const nlohmann::json& obj);

// Request helpers shared by the REST files.
nlohmann::json parse_json_body(const HttpRequest& req);  // 400 on malformed
bool dry_run(const HttpRequest& req);
bool wants_table(const HttpRequest& req);
std::string strip_params(const std::string& content_type);  // "application/json; charset=utf-8" -> "application/json"

}  // namespace gpupool::sim::kube
