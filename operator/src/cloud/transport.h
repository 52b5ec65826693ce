#pragma once
// How every cloud provider gets its HTTP transports: one per host, through an
// injectable factory (tests hand in fakes, production uses cpprest), with the
// settings all four clouds share.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "cloud/cluster_gate.h"
#include "common/clock.h"
#include "common/result.h"
#include "http/transport.h"
#include "http/transport_config.h"

namespace gpupool::cloud {

using TransportFactory = std::function<Result<std::unique_ptr<http::Transport>>(const http::TransportConfig&)>;

// The production factory: cpprest (with its Retry-After layer).
TransportFactory cpprest_transports();
// cpprest without a retry layer (OKE adds its own above the request signer).
TransportFactory raw_cpprest_transports();

// `inner`, with every request of every transport it makes - each retry and
// each request of a multi-request call included - first taking a token from
// `gate` (the CloudCluster's maxRequestsPerSecond). Null gate: `inner`.
TransportFactory gated(TransportFactory inner, std::shared_ptr<ClusterGate> gate);

// A transport for `base` trusting `ca_pem` (empty: system roots). The
// ClusterGate rate-limits per CloudCluster, so the transport's own limiter
// stays out of the way; it only honours Retry-After (up to 3 retries).
// `tune` may adjust the config (e.g. a bearer token); errors name `cloud`.
Result<std::shared_ptr<http::Transport>> cloud_transport(
    const TransportFactory& factory, std::string_view cloud, const std::string& base, const std::string& ca_pem,
    Clock& clock, const std::function<void(http::TransportConfig&)>& tune = {});

}  // namespace gpupool::cloud
