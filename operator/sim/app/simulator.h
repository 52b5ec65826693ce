#pragma once
// Composition of gpupool-sim: the Kubernetes API core behind an HTTPS (or
// HTTP) server, the admin API behind a plain-HTTP server, both on 127.0.0.1,
// and the state directory published once both listen.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "sim/app/admin_api.h"
#include "sim/app/options.h"
#include "sim/kube/api_server.h"
#include "sim/server/http_server.h"

namespace gpupool::sim::app {

class Simulator {
 public:
  explicit Simulator(SimOptions opts);
  ~Simulator();  // stop()
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Starts both servers, then writes DIR/endpoints.json, kubeconfig, ca.crt.
  // Throws std::runtime_error (cannot listen, cannot write DIR, ...). Once.
  void start();
  // Ends watches, flushes persistence, stops both servers. Idempotent.
  void stop();

  std::string kube_url() const;
  std::string admin_url() const;

 private:
  int choose_port(int explicit_port, const std::string& endpoint_key) const;
  std::unique_ptr<HttpServer> start_server(HttpServerOptions opts, HttpHandler handler, bool explicit_port);
  HttpResponse serve_kube(const HttpRequest& req);

  SimOptions opts_;
  // Declared before the servers so the servers stop and die first.
  std::unique_ptr<kube::ApiServer> api_;
  std::atomic<kube::ApiServer*> api_ready_{nullptr};  // set once api_ exists
  AdminApi admin_;
  std::unique_ptr<HttpServer> kube_server_;
  std::unique_ptr<HttpServer> admin_server_;
  std::mutex stop_mu_;
  bool stopped_ = false;
};

}  // namespace gpupool::sim::app
