#pragma once
// The shared cloud contract: one fixture per cloud (fixture_<cloud>.cpp)
// starts that cloud's simulator on loopback (HTTPS with a test CA) and builds
// the real provider with the real transport. contract_test.cpp runs every
// scenario against every registered fixture. To add a cloud, write
// fixture_<cloud>.cpp with a CloudFixture subclass and a
// `static const bool registered = register_fixture("AKS", [] {...});`.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cloud/provider.h"
#include "common/result.h"
#include "sim/cloud/world.h"
#include "sim/server/http_server.h"

namespace gpupool::contract {

class CloudFixture {
 public:
  virtual ~CloudFixture() = default;
  virtual std::string provider_name() const = 0;  // "GKE": the World's provider key
  virtual cloud::NodePoolProvider& provider() = 0;
  virtual sim::cloud::World& world() = 0;
  // Region and machine type the fixture's pools use (for capacity knobs).
  virtual std::string region() const = 0;
  // A valid GPU pool spec owned by a test GPUPool, `nodes` nodes in total.
  virtual cloud::NodePoolSpec spec(const std::string& target, int nodes) const = 0;
  // A world quota key that, set to 0, makes the spec's pools exceed quota.
  virtual std::string quota_key(const cloud::NodePoolSpec& spec) const = 0;
  // Invalidate every credential the provider holds server-side (it must recover).
  virtual void expire_credentials() = 0;
  // A provider for the same cluster whose credentials the simulator rejects.
  virtual std::unique_ptr<cloud::NodePoolProvider> provider_with_bad_credentials() = 0;
  // Whether the cloud refuses a second mutation while one runs (Busy). CKS
  // has no such lock (node pools are independent Kubernetes objects), so the
  // Busy scenario is skipped for it.
  virtual bool has_busy_state() const { return true; }
};

// A simulator behind a loopback HTTPS server with a fresh test CA.
struct TlsServer {
  std::string ca_pem;
  std::unique_ptr<sim::HttpServer> server;
};
TlsServer start_tls_server(const std::string& name, sim::HttpHandler handler);

// A GPU pool spec owned by the suite's test GPUPool ("team-a/train"), with the
// provider's deterministic name, our labels and, when `tainted`, the GPU taint.
cloud::NodePoolSpec owned_spec(const std::string& provider, const std::string& target, const std::string& machine_type,
                               int gpus_per_node, int nodes, std::vector<std::string> zones, bool tainted = true);

// A provider factory's result, or an exception naming why it failed.
std::unique_ptr<cloud::NodePoolProvider> must(Result<std::unique_ptr<cloud::NodePoolProvider>> provider);

using FixtureFactory = std::function<std::unique_ptr<CloudFixture>()>;

// Registers a fixture (call from a static initializer). Returns true.
bool register_fixture(const std::string& name, FixtureFactory factory);
const std::vector<std::pair<std::string, FixtureFactory>>& fixtures();

}  // namespace gpupool::contract
