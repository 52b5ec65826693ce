#pragma once
// kube::Client: typed-enough access to the Kubernetes REST API. Objects are
// nlohmann::json; typed models (api/) decode from them. Implemented over
// http::Transport by RestClient (kube/rest_client.*); FakeClient in testing/.
// Thread-safe. API errors map to Error codes: 404 NotFound, 409 Conflict or
// AlreadyExists, 410 Gone, 422/400 InvalidArgument, 401 Unauthenticated,
// 403 PermissionDenied, 429 RateLimited (retry_after), 5xx Unavailable; the
// Status message is kept in Error::message and its reason in Error::reason.
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "common/result.h"

namespace gpupool::kube {

using json = nlohmann::json;

// Which collection: {"gpupool.io","v1alpha1","gpupools",true}; core group is "".
struct ResourceRef {
  std::string group;
  std::string version;
  std::string plural;
  bool namespaced = true;
  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
};

struct ListOptions {
  std::string label_selector;
  std::string field_selector;
  std::string resource_version;  // "" = most recent (quorum), "0" = any
  std::string continue_token;
  int limit = 0;                 // 0 = no limit
};

struct ListPage {
  std::vector<json> items;
  std::string resource_version;
  std::string continue_token;
};

struct WatchOptions {
  std::string label_selector;
  std::string field_selector;
  std::string resource_version;
  bool allow_bookmarks = true;
  int timeout_seconds = 0;  // 0 = server default
};

struct WatchEvent {
  enum class Type { Added, Modified, Deleted, Bookmark, Error };
  Type type = Type::Added;
  json object;
};

enum class PatchType { Merge, Json, Strategic, Apply };

struct DeleteOptions {
  std::optional<std::string> precondition_uid;
  std::optional<std::string> precondition_resource_version;
  std::string propagation_policy = "Background";
};

class Client {
 public:
  virtual ~Client() = default;
  // `ns` is ignored for cluster-scoped resources; "" lists across namespaces.
  virtual Result<json> get(const ResourceRef& r, const std::string& ns, const std::string& name) = 0;
  virtual Result<ListPage> list(const ResourceRef& r, const std::string& ns, const ListOptions& opts) = 0;
  virtual Result<json> create(const ResourceRef& r, const std::string& ns, const json& object) = 0;
  // PUT; object must carry metadata.resourceVersion. Conflict on a stale one.
  virtual Result<json> update(const ResourceRef& r, const std::string& ns, const json& object) = 0;
  // PUT .../status.
  virtual Result<json> update_status(const ResourceRef& r, const std::string& ns, const json& object) = 0;
  // PATCH; subresource "" or "status"/"scale". field_manager for apply.
  virtual Result<json> patch(const ResourceRef& r, const std::string& ns, const std::string& name, PatchType type,
                             const std::string& body, const std::string& subresource = "",
                             const std::string& field_manager = "gpupool-operator") = 0;
  // DELETE; NotFound is returned as an error (callers decide if that means done).
  virtual Status remove(const ResourceRef& r, const std::string& ns, const std::string& name,
                        const DeleteOptions& opts = {}) = 0;
  // Blocks, delivering events until the server closes the watch (returns ok),
  // an ERROR event 410 or an HTTP 410 (returns Gone), another failure (Error),
  // or `stop` is requested (returns ok).
  virtual Status watch(const ResourceRef& r, const std::string& ns, const WatchOptions& opts, std::stop_token stop,
                       const std::function<void(WatchEvent&&)>& on_event) = 0;
};

}  // namespace gpupool::kube
