#include "cloud/oke/signing_transport.h"

namespace gpupool::cloud::oke {

SigningTransport::SigningTransport(std::unique_ptr<http::Transport> inner, std::shared_ptr<const OciSigner> signer,
                                   std::string host, Clock& clock)
    : inner_(std::move(inner)), signer_(std::move(signer)), host_(std::move(host)), clock_(clock) {}

Result<http::Request> SigningTransport::signed_copy(const http::Request& req) const {
  http::Request r = req;
  if (auto s = signer_->sign_request(r, host_, http_date(clock_.wall_now())); !s) return s.error();
  return r;
}

Result<http::Response> SigningTransport::send(const http::Request& req) {
  auto r = signed_copy(req);
  if (!r) return r.error();
  return inner_->send(*r);
}

Result<http::Response> SigningTransport::stream_lines(const http::Request& req, std::stop_token stop,
                                                      const http::LineHandler& on_line) {
  auto r = signed_copy(req);
  if (!r) return r.error();
  return inner_->stream_lines(*r, std::move(stop), on_line);
}

Result<std::string> host_of(const std::string& base_url) {
  auto scheme = base_url.find("://");
  if (scheme == std::string::npos) return fail(ErrorCode::InvalidArgument, "endpoint has no scheme: " + base_url);
  std::string rest = base_url.substr(scheme + 3);
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  if (authority.empty()) return fail(ErrorCode::InvalidArgument, "endpoint has no host: " + base_url);
  return authority;
}

}  // namespace gpupool::cloud::oke
