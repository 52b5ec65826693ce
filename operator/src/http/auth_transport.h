#pragma once
// BearerAuthTransport: adds "Authorization: Bearer <token>" to every request
// and, on a 401 answer, tells the token source to re-read its file before the
// next request (client-go does the same for rotated service-account tokens).
// The 401 itself is returned unchanged. Thread-safe if `inner` is.
#include <memory>

#include "http/token_source.h"
#include "http/transport.h"

namespace gpupool::http {

class BearerAuthTransport final : public Transport {
 public:
  BearerAuthTransport(std::unique_ptr<Transport> inner, std::shared_ptr<BearerTokenSource> tokens);

  Result<Response> send(const Request& req) override;
  Result<Response> stream_lines(const Request& req, std::stop_token stop, const LineHandler& on_line) override;

 private:
  Result<Request> authorize(const Request& req);
  void observe(const Result<Response>& r);

  std::unique_ptr<Transport> inner_;
  std::shared_ptr<BearerTokenSource> tokens_;
};

}  // namespace gpupool::http
