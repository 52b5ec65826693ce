#include "sim/app/simulator.h"

#include <filesystem>
#include <stdexcept>

#include "sim/app/cloud_admin_routes.h"
#include "sim/app/cloud_publish.h"
#include "sim/app/credentials.h"
#include "sim/app/kube_admin_routes.h"
#include "sim/app/state_dir.h"
#include "sim/server/sim_log.h"
#include "sim/server/status_body.h"

namespace gpupool::sim::app {
namespace fs = std::filesystem;

Simulator::Simulator(SimOptions opts) : opts_(std::move(opts)) {}

Simulator::~Simulator() { stop(); }

std::string Simulator::kube_url() const { return kube_server_ ? kube_server_->base_url() : ""; }
std::string Simulator::admin_url() const { return admin_server_ ? admin_server_->base_url() : ""; }
std::string Simulator::cloud_url(const std::string& key) const {
  for (std::size_t i = 0; i < cloud_servers_.size(); ++i)
    if (clouds_[i]->key() == key) return cloud_servers_[i]->base_url();
  return "";
}

// The Kubernetes server listens before the ApiServer exists (it needs the
// bound port); nobody knows the port until endpoints.json, but answer 503
// rather than crash if someone probes it.
HttpResponse Simulator::serve_kube(const HttpRequest& req) {
  kube::ApiServer* api = api_ready_.load();
  if (!api) return status_response(503, "ServiceUnavailable", "the simulator is starting");
  return api->handle(req);
}

// Explicit --port-base wins; with --persist the previous run's port is tried
// so an existing kubeconfig keeps working; else 0 (free port).
int Simulator::choose_port(int explicit_port, const std::string& endpoint_key) const {
  if (explicit_port) return explicit_port;
  if (opts_.persist) return previous_port(opts_.state_dir, endpoint_key).value_or(0);
  return 0;
}

std::unique_ptr<HttpServer> Simulator::start_server(HttpServerOptions o, HttpHandler handler, bool explicit_port) {
  auto server = std::make_unique<HttpServer>(o, handler);
  try {
    server->start();
    return server;
  } catch (const std::exception& e) {
    if (explicit_port || o.port == 0) throw;
    log::warn("previous port taken, using a free one", {{"server", o.name}, {"port", std::to_string(o.port)}});
  }
  o.port = 0;
  server = std::make_unique<HttpServer>(o, handler);
  server->start();
  return server;
}

// Cloud APIs are always HTTPS (their clients and the CloudCluster CRD expect
// it), with the same CA and server certificate as the Kubernetes API.
void Simulator::start_clouds(const std::string& cert_chain_pem, const std::string& key_pem) {
  world_ = std::make_unique<cloud::World>();
  world_->set_provisioning_time(std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(opts_.provisioning_seconds)));
  clouds_ = make_cloud_mounts(*world_);
  for (auto& c : clouds_) {
    HttpServerOptions o;
    o.name = c->key();
    o.port = choose_port(opts_.port_base ? opts_.port_base + c->port_offset() : 0, c->key());
    o.cert_chain_pem = cert_chain_pem;
    o.private_key_pem = key_pem;
    cloud_servers_.push_back(start_server(o, c->handler(), opts_.port_base != 0));
    c->start();
  }
}

void Simulator::start() {
  const fs::path dir = opts_.state_dir;
  fs::create_directories(dir);
  std::error_code ec;
  fs::remove(dir / "endpoints.json", ec);  // its presence means "ready"

  Credentials creds = load_or_create_credentials(dir, opts_.persist);

  HttpServerOptions kube_opts;
  kube_opts.name = "kube";
  kube_opts.port = choose_port(opts_.port_base, "kube");
  if (!opts_.plain_http) {
    kube_opts.cert_chain_pem = creds.pki.server_cert_pem + creds.pki.ca_cert_pem;
    kube_opts.private_key_pem = creds.pki.server_key_pem;
  }
  kube_server_ = start_server(kube_opts, [this](const HttpRequest& r) { return serve_kube(r); }, opts_.port_base != 0);

  kube::ApiServerOptions api_opts;
  // kubectl never sends a bearer token over plain http, so --plain-http means
  // no authentication (and no token in the kubeconfig).
  api_opts.bearer_token = opts_.plain_http ? "" : creds.token;
  api_opts.bookmark_interval = std::chrono::milliseconds(opts_.bookmark_interval_ms);
  if (opts_.persist) api_opts.persist_dir = (dir / "kube-store").string();
  api_opts.server_address = "127.0.0.1:" + std::to_string(kube_server_->port());
  api_ = std::make_unique<kube::ApiServer>(api_opts);
  api_ready_ = api_.get();

  admin_.add("GET", "/healthz", [](const HttpRequest&, const AdminParams&) { return admin_json(200, {{"ok", true}}); });
  HttpServer* kube_server = kube_server_.get();
  add_kube_admin_routes(admin_, *api_, [kube_server] {
    return nlohmann::json{{"kubeOpenStreams", kube_server->open_streams()}};
  });
  start_clouds(creds.pki.server_cert_pem + creds.pki.ca_cert_pem, creds.pki.server_key_pem);
  add_cloud_admin_routes(admin_, *world_, world_->provisioning_time());

  HttpServerOptions admin_opts;
  admin_opts.name = "admin";
  admin_opts.port = choose_port(opts_.port_base ? opts_.port_base + 1 : 0, "admin");
  admin_server_ = start_server(admin_opts, [this](const HttpRequest& r) { return admin_.handle(r); },
                               opts_.port_base != 0);

  std::vector<std::string> cloud_urls;
  nlohmann::json ports = {{"kube", kube_server_->port()}, {"admin", admin_server_->port()}};
  for (std::size_t i = 0; i < clouds_.size(); ++i) {
    cloud_urls.push_back(cloud_servers_[i]->base_url());
    ports[clouds_[i]->key()] = cloud_servers_[i]->port();
  }
  if (opts_.persist) save_ports(dir, ports);
  nlohmann::json endpoints = {{"kube", kube_server_->base_url()}, {"admin", admin_server_->base_url()}};
  // The clouds' credentials and manifests go first: endpoints.json is last.
  endpoints.update(publish_clouds(dir, clouds_, cloud_urls, creds.pki.ca_cert_pem));
  publish_state(dir, endpoints,
                KubeconfigSpec{kube_server_->base_url(), opts_.plain_http ? "" : creds.pki.ca_cert_pem,
                               opts_.plain_http ? "" : creds.token});
  log::info("ready", {{"kube", kube_url()}, {"admin", admin_url()}, {"clouds", std::to_string(clouds_.size())},
                      {"stateDir", dir.string()}});
}

void Simulator::stop() {
  std::lock_guard<std::mutex> lock(stop_mu_);
  if (stopped_) return;
  stopped_ = true;
  // Watches end first (clean stream ends), then persistence is flushed, then
  // the listeners close.
  if (api_) api_->shutdown();
  if (kube_server_) kube_server_->stop();
  if (admin_server_) admin_server_->stop();
  for (auto& c : clouds_) c->stop();  // controllers first, then their listeners
  for (auto& s : cloud_servers_) s->stop();
}

}  // namespace gpupool::sim::app
