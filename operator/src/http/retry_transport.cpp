#include "http/retry_transport.h"

#include <charconv>
#include <condition_variable>
#include <mutex>

#include "common/log.h"

namespace gpupool::http {

std::optional<std::chrono::seconds> parse_retry_after(const std::string& value) {
  auto b = value.find_first_not_of(" \t");
  auto e = value.find_last_not_of(" \t");
  if (b == std::string::npos) return std::nullopt;
  long long secs = 0;
  auto [ptr, ec] = std::from_chars(value.data() + b, value.data() + e + 1, secs);
  if (ec != std::errc() || ptr != value.data() + e + 1 || secs < 0) return std::nullopt;
  return std::chrono::seconds(secs);
}

ThrottledRetryTransport::ThrottledRetryTransport(std::unique_ptr<Transport> inner, RetryPolicy policy, Clock& clock)
    : inner_(std::move(inner)), policy_(policy), clock_(clock), bucket_(policy.qps, policy.burst, clock) {}

std::optional<Clock::duration> ThrottledRetryTransport::retry_wait(const Request& req, const Result<Response>& r,
                                                                   int retry) const {
  if (!req.idempotent || !r || retry > policy_.max_retries) return std::nullopt;
  const int status = r->status;
  if (status != 429 && status < 500) return std::nullopt;
  auto after = parse_retry_after(r->header("retry-after"));
  if (!after) return std::nullopt;
  return std::min<Clock::duration>(*after, policy_.max_retry_after);
}

bool ThrottledRetryTransport::wait(Clock::duration d, const std::stop_token& stop) {
  if (d <= Clock::duration::zero()) return !stop.stop_requested();
  std::mutex m;
  std::condition_variable cv;
  std::stop_callback wake(stop, [&] {
    { std::lock_guard l(m); }
    cv.notify_all();
  });
  return clock_.sleep_for(d, m, cv, [&] { return stop.stop_requested(); });
}

template <typename Attempt>
Result<Response> ThrottledRetryTransport::run(const Request& req, std::stop_token stop, Attempt attempt) {
  for (int retry = 1;; ++retry) {
    if (!wait(bucket_.reserve(), stop)) return Response{};
    Result<Response> r = attempt();
    auto delay = retry_wait(req, r, retry);
    if (!delay || stop.stop_requested()) return r;
    log::info("server asked to retry later",
              {{"method", req.method}, {"target", req.target}, {"status", std::to_string(r->status)},
               {"retry", std::to_string(retry)},
               {"waitSeconds", std::to_string(std::chrono::duration_cast<std::chrono::seconds>(*delay).count())}});
    if (!wait(*delay, stop)) return r;
  }
}

Result<Response> ThrottledRetryTransport::send(const Request& req) {
  return run(req, std::stop_token(), [&] { return inner_->send(req); });
}

Result<Response> ThrottledRetryTransport::stream_lines(const Request& req, std::stop_token stop,
                                                       const LineHandler& on_line) {
  return run(req, stop, [&] { return inner_->stream_lines(req, stop, on_line); });
}

}  // namespace gpupool::http
