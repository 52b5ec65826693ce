#include "http/auth_transport.h"

namespace gpupool::http {

BearerAuthTransport::BearerAuthTransport(std::unique_ptr<Transport> inner, std::shared_ptr<BearerTokenSource> tokens)
    : inner_(std::move(inner)), tokens_(std::move(tokens)) {}

Result<Request> BearerAuthTransport::authorize(const Request& req) {
  auto tok = tokens_->token();
  if (!tok) return tok.error();
  Request out = req;
  if (!tok->empty()) out.headers.emplace_back("Authorization", "Bearer " + *tok);
  return out;
}

void BearerAuthTransport::observe(const Result<Response>& r) {
  if (r && r->status == 401) tokens_->invalidate();
}

Result<Response> BearerAuthTransport::send(const Request& req) {
  auto authed = authorize(req);
  if (!authed) return authed.error();
  auto r = inner_->send(*authed);
  observe(r);
  return r;
}

Result<Response> BearerAuthTransport::stream_lines(const Request& req, std::stop_token stop,
                                                   const LineHandler& on_line) {
  auto authed = authorize(req);
  if (!authed) return authed.error();
  auto r = inner_->stream_lines(*authed, std::move(stop), on_line);
  observe(r);
  return r;
}

}  // namespace gpupool::http
