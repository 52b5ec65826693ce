#pragma once
// How every cloud provider gets its HTTP transports: one per host, through an
// injectable factory (tests hand in fakes, production uses cpprest), with the
// settings all four clouds share.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "http/transport.h"
#include "http/transport_config.h"

namespace gpupool::cloud {

using TransportFactory = std::function<Result<std::unique_ptr<http::Transport>>(const http::TransportConfig&)>;

// The production factory: cpprest.
TransportFactory cpprest_transports();

// A transport for `base` trusting `ca_pem` (empty: system roots). The
// ClusterGate rate-limits per CloudCluster, so the transport's own limiter
// stays out of the way; it only honours Retry-After (up to 3 retries).
// `tune` may adjust the config (e.g. a bearer token); errors name `cloud`.
Result<std::shared_ptr<http::Transport>> cloud_transport(
    const TransportFactory& factory, std::string_view cloud, const std::string& base, const std::string& ca_pem,
    Clock& clock, const std::function<void(http::TransportConfig&)>& tune = {});

}  // namespace gpupool::cloud
