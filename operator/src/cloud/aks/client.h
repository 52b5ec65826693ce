#pragma once
// AksClient: the ARM agentPools calls the provider needs (cloud-apis.md §2.3,
// §2.4), every one with ?api-version=kApiVersion and a bearer token from the
// TokenCache (one transparent re-auth after a 401). Non-2xx answers are
// mapped by aks/errors.cpp; a 2xx body that is not JSON is Unavailable.
// URLs the server hands out (nextLink, Azure-AsyncOperation, Location) are
// followed on the ARM transport only, so the token never goes elsewhere.
// Thread-safe; blocking (one HTTP round trip per call, list: one per page).
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "cloud/token_cache.h"
#include "common/result.h"
#include "http/transport.h"

namespace gpupool::cloud::aks {

// Pinned stable version (specs-aks examples exist for it; every field we send is in it).
inline constexpr std::string_view kApiVersion = "2024-10-01";

struct ArmRef {
  std::string subscription, resource_group, cluster;
};

// The first answer of a long-running PUT/DELETE.
struct ArmReply {
  int status = 0;
  nlohmann::json body = nlohmann::json::object();  // {} when there is none
  std::string async_url;     // Azure-AsyncOperation
  std::string location_url;  // Location
};

class AksClient {
 public:
  AksClient(std::shared_ptr<http::Transport> arm, std::shared_ptr<TokenCache> tokens, ArmRef ref);

  const ArmRef& ref() const { return ref_; }
  // ".../managedClusters/{c}/agentPools[/{name}]" without query.
  std::string pool_path(const std::string& name = "") const;

  Result<nlohmann::json> get_pool(const std::string& name);
  // Every page, following nextLink.
  Result<std::vector<nlohmann::json>> list_pools();
  // Full-object PUT; `if_match` / `if_none_match` sent when non-empty.
  Result<ArmReply> put_pool(const std::string& name, const nlohmann::json& body, const std::string& if_match,
                            const std::string& if_none_match);
  Result<ArmReply> delete_pool(const std::string& name);
  // GET of a URL the server handed out; any HTTP status is returned as is
  // (the caller interprets 202 and errors).
  Result<http::Response> get_url(const std::string& url);

 private:
  Result<http::Response> send_authorized(http::Request req);
  Result<nlohmann::json> get_json(const std::string& target);

  std::shared_ptr<http::Transport> arm_;
  std::shared_ptr<TokenCache> tokens_;
  ArmRef ref_;
};

// Path and query of an absolute URL ("https://h/a?b" -> "/a?b"); with
// `api_version`, adds ?api-version= when the URL has none.
std::string url_target(const std::string& url, std::string_view api_version = "");

}  // namespace gpupool::cloud::aks
