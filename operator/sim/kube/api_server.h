#pragma once
// The simulated Kubernetes API server core (kubernetes-api.md §1–§7): generic
// object storage with a global resourceVersion, REST verbs, watch, CRD
// lifecycle, discovery and OpenAPI. Transport-neutral: the HTTP adapter calls
// handle() for every request whose path starts with /api, /apis, /version,
// /openapi, /healthz, /readyz or /livez.
#include <chrono>
#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/server/http_types.h"

namespace gpupool::sim::kube {

struct ApiServerOptions {
  std::string bearer_token;            // empty: no auth; else bad_token_status for missing/wrong token
  int bad_token_status = 401;          // CoreWeave CKS answers 403
  std::size_t history_limit = 10000;   // watch event history window (events)
  std::chrono::milliseconds bookmark_interval{60000};
  std::string persist_dir;             // empty: memory only; else load at start, save on change (debounced) and at shutdown
  std::string server_address;          // "127.0.0.1:PORT" for /api serverAddressByClientCIDRs
};

// Result of programmatic admin calls.
struct Status {
  bool ok = true;
  std::string message;
};

class ApiServer {
 public:
  explicit ApiServer(ApiServerOptions opts);
  ~ApiServer();  // calls shutdown()
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Serves one request. Thread-safe, never throws. Watch requests return a
  // response with `stream` set (chunked, one JSON event per line).
  HttpResponse handle(const HttpRequest& req);

  // ---- admin hooks (thread-safe) ----
  // The next `count` requests whose path starts with `path_prefix` ("" = any)
  // get `status` with a real Status body (+Retry-After if retry_after_seconds > 0).
  void fail_next(int count, int status, int retry_after_seconds, const std::string& path_prefix);
  // Ends every open watch stream now (clients must resume).
  void drop_watches();
  // Forgets event history: resuming a watch from any RV older than now gives 410.
  void compact();
  // Extra latency added to every request (not to watch events).
  void set_latency(std::chrono::milliseconds extra);
  // Creates (or replaces) a CRD as if POSTed, and establishes it.
  Status install_crd(const nlohmann::json& crd);
  // Ends all watches and flushes persistence. Idempotent.
  void shutdown();
  // {"objects":{"gpupools.gpupool.io":N,...},"openWatches":N,"resourceVersion":"N","requests":N}
  nlohmann::json stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpupool::sim::kube
