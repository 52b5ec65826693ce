#include "cloud_contract/fixture.h"

#include <stdexcept>

#include "cloud/ownership.h"
#include "sim/server/tls.h"

namespace gpupool::contract {

namespace {
std::vector<std::pair<std::string, FixtureFactory>>& registry() {
  static std::vector<std::pair<std::string, FixtureFactory>> r;
  return r;
}
}  // namespace

bool register_fixture(const std::string& name, FixtureFactory factory) {
  registry().emplace_back(name, std::move(factory));
  return true;
}

const std::vector<std::pair<std::string, FixtureFactory>>& fixtures() { return registry(); }

TlsServer start_tls_server(const std::string& name, sim::HttpHandler handler) {
  auto pki = sim::tls::generate_pki();
  sim::HttpServerOptions o;
  o.cert_chain_pem = pki.server_cert_pem + pki.ca_cert_pem;
  o.private_key_pem = pki.server_key_pem;
  o.name = name;
  TlsServer s{pki.ca_cert_pem, std::make_unique<sim::HttpServer>(o, std::move(handler))};
  s.server->start();
  return s;
}

cloud::NodePoolSpec owned_spec(const std::string& provider, const std::string& target, const std::string& machine_type,
                               int gpus_per_node, int nodes, std::vector<std::string> zones, bool tainted) {
  cloud::NodePoolSpec s;
  s.owner = {"team-a", "train", "6c1f0a52-9d7e-4b8e-8f43-0d2b1c9e7a11", target};
  s.name = cloud::pool_name(provider, s.owner);
  s.machine_type = machine_type;
  s.gpus_per_node = gpus_per_node;
  s.node_count = nodes;
  s.zones = std::move(zones);
  s.labels = {{"gpupool.io/pool", "train"}};
  if (tainted) s.taints = {{"nvidia.com/gpu", "present", "NoSchedule"}};
  return s;
}

std::unique_ptr<cloud::NodePoolProvider> must(Result<std::unique_ptr<cloud::NodePoolProvider>> provider) {
  if (!provider) throw std::runtime_error(provider.error().describe());
  return std::move(*provider);
}

}  // namespace gpupool::contract
