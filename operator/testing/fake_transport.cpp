#include "testing/fake_transport.h"

#include <strings.h>

namespace gpupool::testing {

FakeTransport& FakeTransport::reply(int status, std::string body, Headers headers) {
  return push(CannedReply{http::Response{status, std::move(headers), std::move(body)}, {}, false});
}

FakeTransport& FakeTransport::reply_json(int status, const nlohmann::json& body, Headers headers) {
  headers.emplace("content-type", "application/json");
  return reply(status, body.dump(), std::move(headers));
}

FakeTransport& FakeTransport::reply_error(Error e) {
  return push(CannedReply{std::move(e), {}, false});
}

FakeTransport& FakeTransport::reply_stream(std::vector<std::string> lines, bool hold_open, int status) {
  return push(CannedReply{http::Response{status, {{"content-type", "application/json"}}, ""}, std::move(lines),
                          hold_open});
}

FakeTransport& FakeTransport::push(CannedReply r) {
  std::lock_guard lock(mu_);
  replies_.push_back(std::move(r));
  return *this;
}

void FakeTransport::set_handler(Handler h) {
  std::lock_guard lock(mu_);
  handler_ = std::move(h);
}

std::vector<http::Request> FakeTransport::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

http::Request FakeTransport::last_request() const {
  std::lock_guard lock(mu_);
  return requests_.empty() ? http::Request{} : requests_.back();
}

std::size_t FakeTransport::request_count() const {
  std::lock_guard lock(mu_);
  return requests_.size();
}

std::size_t FakeTransport::pending() const {
  std::lock_guard lock(mu_);
  return replies_.size();
}

void FakeTransport::reset() {
  std::lock_guard lock(mu_);
  replies_.clear();
  requests_.clear();
  handler_ = nullptr;
}

bool FakeTransport::wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

CannedReply FakeTransport::next(const http::Request& req) {
  Handler handler;
  {
    std::lock_guard lock(mu_);
    requests_.push_back(req);
    cv_.notify_all();
    if (!replies_.empty()) {
      CannedReply r = std::move(replies_.front());
      replies_.pop_front();
      return r;
    }
    handler = handler_;
  }
  if (handler) return CannedReply{handler(req), {}, false};
  return CannedReply{Error(ErrorCode::Unavailable, "FakeTransport: no canned reply for " + req.method + " " + req.target),
                     {}, false};
}

Result<http::Response> FakeTransport::send(const http::Request& req) {
  return next(req).response;
}

Result<http::Response> FakeTransport::stream_lines(const http::Request& req, std::stop_token stop,
                                                   const http::LineHandler& on_line) {
  CannedReply r = next(req);
  if (!r.response || r.response->status < 200 || r.response->status > 299) return r.response;
  for (const auto& line : r.lines) {
    if (stop.stop_requested()) return r.response;
    if (!on_line(line)) return r.response;
  }
  if (r.hold_open) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, stop, [] { return false; });  // returns once stop is requested
  }
  return r.response;
}

std::string header_value(const http::Request& req, std::string_view name) {
  for (const auto& [k, v] : req.headers)
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), name.size()) == 0) return v;
  return "";
}

}  // namespace gpupool::testing
