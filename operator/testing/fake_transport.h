#pragma once
// FakeTransport: a scriptable http::Transport for unit tests.
// Replies come from a FIFO of canned replies; when it is empty the handler
// (set_handler) answers, and without one the request fails Unavailable.
// Every request is recorded. A streamed reply delivers its lines and then
// ends, or with hold_open blocks until the caller's stop_token is requested
// (a watch that stays open). Thread-safe.
//   FakeTransport t;
//   t.reply_json(200, {{"kind", "GPUPool"}});
//   t.reply_stream({R"({"type":"ADDED","object":{}})"}, /*hold_open=*/true);
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "http/transport.h"

namespace gpupool::testing {

struct CannedReply {
  Result<http::Response> response = http::Response{200, {}, ""};
  std::vector<std::string> lines;  // stream_lines only; ignored by send
  bool hold_open = false;          // stream: after the lines, wait for stop
};

class FakeTransport final : public http::Transport {
 public:
  using Handler = std::function<Result<http::Response>(const http::Request&)>;
  using Headers = std::map<std::string, std::string>;  // lower-case names

  FakeTransport& reply(int status, std::string body = "", Headers headers = {});
  FakeTransport& reply_json(int status, const nlohmann::json& body, Headers headers = {});
  FakeTransport& reply_error(Error e);
  FakeTransport& reply_stream(std::vector<std::string> lines, bool hold_open = false, int status = 200);
  FakeTransport& push(CannedReply r);
  void set_handler(Handler h);

  std::vector<http::Request> requests() const;
  http::Request last_request() const;  // a default Request if none yet
  std::size_t request_count() const;
  std::size_t pending() const;         // canned replies not yet used
  void reset();                        // drops replies, requests and handler
  // Blocks (real time) until `n` requests arrived; false on timeout.
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

  Result<http::Response> send(const http::Request& req) override;
  Result<http::Response> stream_lines(const http::Request& req, std::stop_token stop,
                                      const http::LineHandler& on_line) override;

 private:
  CannedReply next(const http::Request& req);

  mutable std::mutex mu_;
  mutable std::condition_variable_any cv_;
  std::deque<CannedReply> replies_;
  std::vector<http::Request> requests_;
  Handler handler_;
};

// Case-insensitive header lookup on a recorded request; "" if absent.
std::string header_value(const http::Request& req, std::string_view name);

}  // namespace gpupool::testing
