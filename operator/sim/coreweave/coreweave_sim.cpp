#include "sim/coreweave/coreweave_sim.h"

#include <mutex>
#include <random>
#include <stdexcept>

#include "sim/coreweave/cluster_api.h"
#include "sim/coreweave/controller.h"
#include "sim/coreweave/kubeconfig.h"
#include "sim/coreweave/nodepool_crd.h"
#include "sim/kube/api_server.h"
#include "sim/kube/status_errors.h"

namespace gpupool::sim::coreweave {

namespace {
std::string random_token() {
  std::random_device rd;
  std::string out = "CW-SECRET-";
  static const char* kHex = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) out += kHex[rd() % 16];
  return out;
}

kube::ApiServerOptions api_options(const std::string& token) {
  kube::ApiServerOptions o;
  o.bearer_token = token;
  o.bad_token_status = 403;  // CKS managed auth answers 403, not 401 (cloud-apis.md §4.2)
  return o;
}

CoreweaveSimOptions with_token(CoreweaveSimOptions o) {
  if (o.token.empty()) o.token = random_token();
  return o;
}

HttpResponse fault_response(const cloud::Fault& f) {
  if (f.body) {
    HttpResponse r = HttpResponse::json(f.status, *f.body);
    if (f.retry_after_seconds > 0) r.headers.emplace_back("Retry-After", std::to_string(f.retry_after_seconds));
    return r;
  }
  std::string message = f.message;
  if (message.empty())
    message = f.status == 429 ? "Too many requests, please try again later." : "injected failure (" + std::to_string(f.status) + ")";
  return kube::error_response(kube::from_code(f.status, message, f.retry_after_seconds));
}

bool is_probe(const std::string& path) { return path == "/healthz" || path == "/readyz" || path == "/livez"; }
}  // namespace

struct CoreweaveSim::Impl {
  Impl(cloud::World& w, CoreweaveSimOptions o)
      : world(w),
        opts(with_token(std::move(o))),
        api(api_options(opts.token)),
        controller(api, world, {opts.cluster_id, opts.zone, opts.token, opts.token_identity, opts.tick}) {
    auto installed = api.install_crd(nodepool_crd());
    if (!installed.ok) throw std::logic_error("coreweave sim: NodePool CRD rejected: " + installed.message);
    controller.set_busy_nodes(opts.busy_nodes);
  }

  cloud::World& world;
  const CoreweaveSimOptions opts;
  kube::ApiServer api;
  NodePoolController controller;
  mutable std::mutex mu;  // guards base_url
  std::string base_url;
};

CoreweaveSim::CoreweaveSim(cloud::World& world, CoreweaveSimOptions options)
    : impl_(std::make_unique<Impl>(world, std::move(options))) {}

CoreweaveSim::~CoreweaveSim() {
  stop();
  impl_->api.shutdown();
}

HttpResponse CoreweaveSim::handle(const HttpRequest& req) {
  if (is_probe(req.path)) return impl_->api.handle(req);
  const bool authed = req.header("authorization") == "Bearer " + impl_->opts.token;
  impl_->world.count_request(kProvider, authed ? impl_->opts.token_identity : "anonymous",
                             cloud::write_method_of(req.method));
  if (authed)
    if (auto f = impl_->world.take_fault(kProvider)) return fault_response(*f);
  if (is_cluster_api_path(req.path)) return cluster_api(req, authed, impl_->opts.cluster_id, impl_->opts.zone, base_url());
  return impl_->api.handle(req);  // the API server itself answers 403 to a bad token
}

HttpHandler CoreweaveSim::handler() {
  return [this](const HttpRequest& r) { return handle(r); };
}

void CoreweaveSim::set_base_url(const std::string& base_url) {
  std::lock_guard lock(impl_->mu);
  impl_->base_url = base_url;
}

std::string CoreweaveSim::base_url() const {
  std::lock_guard lock(impl_->mu);
  return impl_->base_url;
}

std::string CoreweaveSim::token() const { return impl_->opts.token; }

void CoreweaveSim::write_files(const std::string& dir, const std::string& base_url, const std::string& ca_pem) {
  std::string server = base_url.empty() ? this->base_url() : base_url;
  if (server.empty()) throw std::runtime_error("coreweave sim: no base URL for the kubeconfig");
  write_kubeconfig(dir + "/coreweave/kubeconfig", {impl_->opts.cluster_id, server, ca_pem, impl_->opts.token});
}

void CoreweaveSim::start() { impl_->controller.start(); }
void CoreweaveSim::stop() { impl_->controller.stop(); }
void CoreweaveSim::reconcile_now() { impl_->controller.pass(); }
void CoreweaveSim::set_busy_nodes(int n) { impl_->controller.set_busy_nodes(n); }

}  // namespace gpupool::sim::coreweave
