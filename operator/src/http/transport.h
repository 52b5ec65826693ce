#pragma once
// Transport: the one seam over the HTTP library. Only cpprest_transport.cpp
// includes cpprest; everything else talks to this interface. Thread-safe.
// Errors (network, TLS, timeouts, library exceptions) come back as Error
// values; no exception crosses this interface.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace gpupool::http {

struct Request {
  std::string method = "GET";
  std::string target;  // path + query relative to the base URL: "/api/v1/namespaces?limit=500"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};
  // GET/PUT/DELETE/... that may be retried on 429/5xx (POST is not).
  bool idempotent = true;
};

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& lower) const {
    auto it = headers.find(lower);
    return it == headers.end() ? std::string() : it->second;
  }
};

// Called per line of a streamed body; return false to stop reading.
using LineHandler = std::function<bool(std::string_view line)>;

class Transport {
 public:
  virtual ~Transport() = default;
  // One request/response. Non-2xx statuses are returned as a Response, not an
  // Error (callers map API error bodies); Error is for "no HTTP answer".
  virtual Result<Response> send(const Request& req) = 0;
  // Streams a response body line by line as chunks arrive (watch). Returns the
  // response with an empty body when the stream ends normally; a non-2xx
  // status returns its full body and no lines. Stops early when `stop` is
  // requested (returns Error Timeout/Unavailable is not required: ok).
  virtual Result<Response> stream_lines(const Request& req, std::stop_token stop, const LineHandler& on_line) = 0;
};

}  // namespace gpupool::http
