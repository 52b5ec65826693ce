#pragma once
// RestClient: kube::Client over an http::Transport (JSON only).
// Sends "Accept: application/json, */*" like client-go, Content-Type
// application/json on POST/PUT/DELETE and the patch type's media type on
// PATCH (apply adds fieldManager and force=true, as controllers do).
// Non-2xx answers become Errors via rest_client_errors.h. Thread-safe if the
// transport is. Blocking; watch() blocks until the stream ends.
#include <chrono>
#include <memory>

#include "http/transport.h"
#include "kube/client.h"

namespace gpupool::kube {

struct RestClientOptions {
  std::chrono::milliseconds request_timeout{30000};
  // A watch gives up on a silent stream after its timeoutSeconds (or the
  // server's 1 h maximum) plus this margin.
  std::chrono::seconds watch_timeout_margin{30};
};

class RestClient final : public Client {
 public:
  explicit RestClient(std::shared_ptr<http::Transport> transport, RestClientOptions opts = {});

  Result<json> get(const ResourceRef& r, const std::string& ns, const std::string& name) override;
  Result<ListPage> list(const ResourceRef& r, const std::string& ns, const ListOptions& opts) override;
  Result<json> create(const ResourceRef& r, const std::string& ns, const json& object) override;
  Result<json> update(const ResourceRef& r, const std::string& ns, const json& object) override;
  Result<json> update_status(const ResourceRef& r, const std::string& ns, const json& object) override;
  Result<json> patch(const ResourceRef& r, const std::string& ns, const std::string& name, PatchType type,
                     const std::string& body, const std::string& subresource = "",
                     const std::string& field_manager = "gpupool-operator") override;
  Status remove(const ResourceRef& r, const std::string& ns, const std::string& name,
                const DeleteOptions& opts = {}) override;
  Status watch(const ResourceRef& r, const std::string& ns, const WatchOptions& opts, std::stop_token stop,
               const std::function<void(WatchEvent&&)>& on_event) override;

 private:
  http::Request request(std::string method, std::string target, std::string body = "",
                        const char* content_type = nullptr) const;
  Result<json> call(const http::Request& req);
  Result<json> put(const ResourceRef& r, const std::string& ns, const json& object, const std::string& sub);

  std::shared_ptr<http::Transport> transport_;
  RestClientOptions opts_;
};

}  // namespace gpupool::kube
