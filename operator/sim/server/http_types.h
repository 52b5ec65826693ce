#pragma once
// Transport-neutral request/response types shared by every simulated API
// (Kubernetes, admin, and later the clouds) and the one cpprest adapter that
// serves them (server/http_server.*). Handlers never see cpprest types.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gpupool::sim {

struct HttpRequest {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // decoded path, no query: "/api/v1/namespaces"
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::string raw_target;                      // path + query exactly as sent (for request signatures)
  std::map<std::string, std::string> headers;  // header names lower-cased
  std::string body;
  std::string remote_addr;

  // First value of a query parameter, if present.
  std::optional<std::string> param(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
  // Header value by lower-case name, or "".
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// A streamed body (watch). The server thread calls next() repeatedly and
// writes each returned chunk, flushed, as it arrives.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // Blocks up to `wait` for the next chunk. Returns:
  //   a chunk (non-empty string)  -> write and flush it
  //   ""                          -> nothing yet (timed out), call again
  //   std::nullopt                -> stream finished: close the response
  virtual std::optional<std::string> next(std::chrono::milliseconds wait) = 0;
  // Called once when the client disconnected or the server shuts down.
  virtual void cancel() = 0;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. {"Content-Type","application/json"}
  std::string body;
  std::shared_ptr<BodyStream> stream;  // when set, body is ignored and the reply is chunked

  static HttpResponse json(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = std::move(body);
    return r;
  }
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace gpupool::sim
