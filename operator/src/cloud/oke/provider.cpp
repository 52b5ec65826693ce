#include "cloud/oke/provider.h"

#include "cloud/oke/client.h"
#include "cloud/oke/identity_client.h"
#include "cloud/oke/oke_provider.h"
#include "cloud/oke/signer.h"
#include "cloud/oke/signing_transport.h"
#include "http/retry_transport.h"

namespace gpupool::cloud::oke {

namespace {
struct SplitEndpoint {
  std::string origin;  // scheme://authority
  std::string prefix;  // path before /20180222 ("" usually)
};

// `version`: the API version path a configured URL may end with.
SplitEndpoint split(std::string url, const std::string& version) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.size() >= version.size() && url.compare(url.size() - version.size(), version.size(), version) == 0)
    url.resize(url.size() - version.size());
  auto scheme = url.find("://");
  auto slash = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
  if (slash == std::string::npos) return {url, ""};
  return {url.substr(0, slash), url.substr(slash)};
}

Result<std::shared_ptr<http::Transport>> signed_transport(const OkeConfig& c, const SplitEndpoint& ep,
                                                          std::shared_ptr<const OciSigner> signer,
                                                          const TransportFactory& factory, Clock& clock) {
  http::TransportConfig tc;
  tc.base_url = ep.origin;
  tc.ca_pem = c.ca_pem;
  tc.clock = &clock;
  auto wire = factory(tc);
  if (!wire) return wire.error().with_context("oke transport for " + ep.origin);
  auto host = host_of(ep.origin);
  if (!host) return host.error();
  auto signing = std::make_unique<SigningTransport>(std::move(*wire), std::move(signer), *host, clock);
  // The ClusterGate rate-limits per CloudCluster; this layer only honours
  // Retry-After (and re-signs each attempt, being above the signer).
  http::RetryPolicy policy{1000, 1000, 3, std::chrono::seconds(30)};
  return std::shared_ptr<http::Transport>(
      std::make_shared<http::ThrottledRetryTransport>(std::move(signing), policy, clock));
}
}  // namespace

std::string endpoint_for(const OkeConfig& c) {
  if (!c.endpoint.empty()) return c.endpoint;
  return "https://containerengine." + c.region + ".oci.oraclecloud.com";
}

std::string identity_endpoint_for(const OkeConfig& c) {
  if (c.endpoint.empty()) return "https://identity." + c.region + ".oci.oraclecloud.com";
  SplitEndpoint ce = split(c.endpoint, "/20180222");  // a Container Engine version path is not Identity's
  std::string url = ce.origin + ce.prefix;
  const std::string host = "://containerengine.";
  if (auto at = url.find(host); at != std::string::npos)  // another realm's public host
    return url.substr(0, at) + "://identity." + url.substr(at + host.size());
  return url;
}

Result<std::unique_ptr<NodePoolProvider>> make_oke_provider(const OkeConfig& config, TransportFactory factory,
                                                            Clock& clock) {
  if (config.compartment_id.empty() || config.cluster_id.empty())
    return fail(ErrorCode::InvalidArgument, "oke config needs compartmentId and clusterId");
  if (config.endpoint.empty() && config.region.empty())
    return fail(ErrorCode::InvalidArgument, "oke config needs a region or an endpoint");
  auto signer = OciSigner::create({config.tenancy, config.user, config.fingerprint, config.private_key_pem,
                                   config.passphrase});
  if (!signer) return signer.error();
  auto key = std::make_shared<const OciSigner>(std::move(*signer));
  SplitEndpoint ep = split(endpoint_for(config), "/20180222");
  auto t = signed_transport(config, ep, key, factory, clock);
  if (!t) return t.error();
  SplitEndpoint id_ep = split(identity_endpoint_for(config), "/20160918");
  auto id_t = id_ep.origin == ep.origin ? t : signed_transport(config, id_ep, key, factory, clock);
  if (!id_t) return id_t.error();
  auto client = std::make_shared<OkeClient>(*t, ep.prefix, ClusterRef{config.compartment_id, config.cluster_id});
  auto identity = std::make_shared<IdentityClient>(*id_t, id_ep.prefix);
  PoolSettings settings{config.compartment_id, config.cluster_id, config.subnet_ids, config.image_id};
  return std::unique_ptr<NodePoolProvider>(std::make_unique<OkeProvider>(client, std::move(settings), identity));
}

Result<std::unique_ptr<NodePoolProvider>> make_oke_provider(const OkeConfig& config, Clock& clock) {
  return make_oke_provider(config, raw_cpprest_transports(), clock);
}

}  // namespace gpupool::cloud::oke
