#pragma once
// OkeClient: the Container Engine 20180222 calls the provider needs
// (cloud-apis.md §3.1, §3.3, §3.4). Requests go through a transport that
// signs them (SigningTransport); every non-2xx answer is mapped by
// oke/errors.cpp. A 2xx body that is not the JSON we expect is Unavailable
// (a broken proxy or server, worth a retry). Thread-safe; blocking (one HTTP
// round trip per call, list follows opc-next-page).
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "http/transport.h"

namespace gpupool::cloud::oke {

struct ClusterRef {
  std::string compartment_id, cluster_id;
};

// A resource with the etag its GET returned.
struct Tagged {
  nlohmann::json body;
  std::string etag;
};

class OkeClient {
 public:
  // `path_prefix`: any path of the endpoint before "/20180222" ("" usually).
  OkeClient(std::shared_ptr<http::Transport> transport, std::string path_prefix, ClusterRef ref);

  const ClusterRef& ref() const { return ref_; }

  // POST /nodePools with opc-retry-token; returns the opc-work-request-id.
  Result<std::string> create_node_pool(const nlohmann::json& details, const std::string& retry_token);
  Result<Tagged> get_node_pool(const std::string& id);
  // Every NodePoolSummary of the cluster (all pages).
  Result<std::vector<nlohmann::json>> list_node_pools();
  // PUT /nodePools/{id} with if-match (when not empty); returns the work request id.
  Result<std::string> update_node_pool(const std::string& id, const nlohmann::json& details,
                                       const std::string& if_match);
  // DELETE /nodePools/{id} with if-match (when not empty); returns the work request id.
  Result<std::string> delete_node_pool(const std::string& id, const std::string& if_match);
  Result<nlohmann::json> get_work_request(const std::string& id);
  Result<nlohmann::json> list_work_request_errors(const std::string& id);

 private:
  Result<http::Response> call(http::Request req);
  Result<std::string> mutate(http::Request req);
  Result<nlohmann::json> get_json(const std::string& target, bool want_array);
  std::string path(const std::string& rest) const;

  std::shared_ptr<http::Transport> transport_;
  std::string prefix_;
  ClusterRef ref_;
};

// RFC 3986 percent-encoding of everything but unreserved characters.
std::string url_encode(const std::string& s);

}  // namespace gpupool::cloud::oke
