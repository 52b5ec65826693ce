#pragma once
// HealthServer: GET /healthz and /readyz, the controller-runtime probe
// endpoints. Each path runs its named checks; all passing -> 200 "ok", any
// failing -> 503 listing the failures ("[-]informers-synced failed").
// A tiny blocking HTTP/1.0 responder on one thread over plain sockets:
// probes are rare and tiny, and keeping civetweb/cpprest out of it keeps the
// dependency surface small. Thread-safe; checks may be added while serving.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/result.h"
#include "metrics/bind_address.h"

namespace gpupool::metrics {

using Check = std::function<bool()>;

class HealthServer {
 public:
  // Binds and starts serving. Unavailable if the port cannot be bound.
  static Result<std::unique_ptr<HealthServer>> start(const BindAddress& addr);
  ~HealthServer();  // stops the thread and closes the socket
  HealthServer(const HealthServer&) = delete;
  HealthServer& operator=(const HealthServer&) = delete;

  void add_healthz_check(std::string name, Check c);
  void add_readyz_check(std::string name, Check c);
  int port() const { return port_; }

  // (status, body) for a request path; exposed for tests.
  std::pair<int, std::string> respond(const std::string& path) const;

 private:
  HealthServer() = default;
  void serve();
  void handle(int fd) const;
  std::pair<int, std::string> run_checks(const std::vector<std::pair<std::string, Check>>& checks) const;

  mutable std::mutex mu_;
  std::vector<std::pair<std::string, Check>> healthz_, readyz_;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  int port_ = 0;
  std::thread thread_;
};

}  // namespace gpupool::metrics
