#pragma once
// make_cpprest_transport: the production Transport over cpprestsdk. Layers,
// outermost first:
//   ThrottledRetryTransport  rate limit (qps/burst) + Retry-After retries
//   BearerAuthTransport      static token or rotating token file (if any)
//   CpprestTransport         HTTP/1.1 (+TLS) on cpprestsdk's http_client
// The wire layer sends headers as given (plus User-Agent), lower-cases
// response header names, maps every cpprest/asio exception to an Error
// (Timeout for timeouts, Unavailable for connection-level failures, Internal
// otherwise) and streams bodies line by line as chunks arrive. Request
// timeouts are inactivity timeouts (cpprest re-arms its timer on every read
// and write). With a CA configured, only that CA is trusted (as client-go).
#include <memory>

#include "common/result.h"
#include "http/transport.h"
#include "http/transport_config.h"

namespace gpupool::http {

// InvalidArgument for a bad base URL or an unusable CA / client cert / key.
Result<std::unique_ptr<Transport>> make_cpprest_transport(const TransportConfig& config);

// Only the wire layer: no auth, rate limit or retry. For tests and tools.
Result<std::unique_ptr<Transport>> make_raw_cpprest_transport(const TransportConfig& config);

}  // namespace gpupool::http
