#pragma once
// SigningTransport: signs every attempt with the OCI API key just before it
// goes on the wire, so retries above it (ThrottledRetryTransport) carry a
// fresh date. Sits directly on the wire transport. Thread-safe if `inner` is.
#include <memory>
#include <string>

#include "cloud/oke/signer.h"
#include "common/clock.h"
#include "http/transport.h"

namespace gpupool::cloud::oke {

class SigningTransport final : public http::Transport {
 public:
  // `host`: the Host header value for the endpoint ("127.0.0.1:8443").
  SigningTransport(std::unique_ptr<http::Transport> inner, std::shared_ptr<const OciSigner> signer, std::string host,
                   Clock& clock);

  Result<http::Response> send(const http::Request& req) override;
  Result<http::Response> stream_lines(const http::Request& req, std::stop_token stop,
                                      const http::LineHandler& on_line) override;

 private:
  Result<http::Request> signed_copy(const http::Request& req) const;

  std::unique_ptr<http::Transport> inner_;
  std::shared_ptr<const OciSigner> signer_;
  std::string host_;
  Clock& clock_;
};

// The Host header for a base URL, as cpprest writes it: the authority as
// written (port only when the URL has one), without userinfo
// ("https://h:8443/x" -> "h:8443"). InvalidArgument if none.
Result<std::string> host_of(const std::string& base_url);

}  // namespace gpupool::cloud::oke
