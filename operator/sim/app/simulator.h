#pragma once
// Composition of gpupool-sim: the Kubernetes API core behind an HTTPS (or
// HTTP) server, the admin API behind a plain-HTTP server, one HTTPS server per
// simulated cloud (sharing one World), all on 127.0.0.1, and the state
// directory published once every server listens.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sim/app/admin_api.h"
#include "sim/app/cloud_mount.h"
#include "sim/app/options.h"
#include "sim/cloud/world.h"
#include "sim/kube/api_server.h"
#include "sim/server/http_server.h"

namespace gpupool::sim::app {

class Simulator {
 public:
  explicit Simulator(SimOptions opts);
  ~Simulator();  // stop()
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Starts every server, then writes the clouds' files, kubeconfig, ca.crt
  // and, last, DIR/endpoints.json. Throws std::runtime_error (cannot listen,
  // cannot write DIR, ...). Once.
  void start();
  // Ends watches, flushes persistence, stops every server. Idempotent.
  void stop();

  std::string kube_url() const;
  std::string admin_url() const;
  // Base URL of a mounted cloud ("gke", "aks", ...), "" if not mounted.
  std::string cloud_url(const std::string& key) const;

 private:
  int choose_port(int explicit_port, const std::string& endpoint_key) const;
  std::unique_ptr<HttpServer> start_server(HttpServerOptions opts, HttpHandler handler, bool explicit_port);
  HttpResponse serve_kube(const HttpRequest& req);
  void start_clouds(const std::string& cert_chain_pem, const std::string& key_pem);

  SimOptions opts_;
  // Declared before the servers so the servers stop and die first.
  std::unique_ptr<kube::ApiServer> api_;
  std::atomic<kube::ApiServer*> api_ready_{nullptr};  // set once api_ exists
  AdminApi admin_;
  std::unique_ptr<cloud::World> world_;
  std::vector<std::unique_ptr<CloudMount>> clouds_;
  std::unique_ptr<HttpServer> kube_server_;
  std::unique_ptr<HttpServer> admin_server_;
  std::vector<std::unique_ptr<HttpServer>> cloud_servers_;  // cloud_servers_[i] serves clouds_[i]
  std::mutex stop_mu_;
  bool stopped_ = false;
};

}  // namespace gpupool::sim::app
