// Wire-level tests of HttpServer over loopback with a raw socket client, so
// framing (chunked streams, flushed headers) is checked as sent.
#include "sim/server/http_server.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

using namespace gpupool::sim;
using namespace std::chrono_literals;

namespace {

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  return fd;
}

void send_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    auto n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    REQUIRE(n > 0);
    off += static_cast<std::size_t>(n);
  }
}

// Reads until `needle` appears in the accumulated data or the timeout passes.
std::string read_until(int fd, std::string& acc, const std::string& needle, std::chrono::milliseconds timeout = 5s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (acc.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char buf[65536];
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    acc.append(buf, static_cast<std::size_t>(n));
  }
  return acc;
}

std::string roundtrip(int port, const std::string& request, const std::string& until) {
  int fd = connect_to(port);
  send_all(fd, request);
  std::string acc;
  read_until(fd, acc, until);
  ::close(fd);
  return acc;
}

bool wait_until(const std::function<bool()>& cond, std::chrono::milliseconds timeout = 5s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!cond()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

class QueueStream : public BodyStream {
 public:
  void push(std::string s) {
    std::lock_guard<std::mutex> l(mu_);
    q_.push_back(std::move(s));
    cv_.notify_all();
  }
  void finish() {
    std::lock_guard<std::mutex> l(mu_);
    done_ = true;
    cv_.notify_all();
  }
  std::optional<std::string> next(std::chrono::milliseconds wait) override {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait_for(l, wait, [&] { return !q_.empty() || done_ || cancelled; });
    if (!q_.empty()) {
      auto s = q_.front();
      q_.pop_front();
      return s;
    }
    if (done_ || cancelled) return std::nullopt;
    return std::string();
  }
  void cancel() override {
    cancels++;
    std::lock_guard<std::mutex> l(mu_);
    cancelled = true;
    cv_.notify_all();
  }
  std::atomic<int> cancels{0};
  bool cancelled = false;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> q_;
  bool done_ = false;
};

}  // namespace

TEST_CASE("requests reach the handler decoded, with lower-case headers") {
  HttpRequest seen;
  HttpServer server({}, [&](const HttpRequest& r) {
    seen = r;
    HttpResponse resp = HttpResponse::json(201, "{\"ok\":true}");
    resp.headers.emplace_back("Warning", "299 - \"a\"");
    resp.headers.emplace_back("Warning", "299 - \"b\"");
    return resp;
  });
  server.start();
  REQUIRE(server.port() > 0);
  auto out = roundtrip(server.port(),
                       "POST /api/v1/namespaces/a%20b?labelSelector=x+in+(a%2Cb)&w=1&w=2 HTTP/1.1\r\n"
                       "Host: x\r\nX-Custom-Header: V\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbody",
                       "{\"ok\":true}");
  CHECK(out.find("HTTP/1.1 201") == 0);
  CHECK(out.find("application/json") != std::string::npos);
  CHECK(out.find("299 - \"a\", 299 - \"b\"") != std::string::npos);
  CHECK(seen.method == "POST");
  CHECK(seen.path == "/api/v1/namespaces/a b");
  CHECK(seen.param("labelSelector") == "x in (a,b)");
  CHECK(seen.query.count("w") == 2);
  CHECK(seen.header("x-custom-header") == "V");
  CHECK(seen.body == "body");
}

TEST_CASE("oversize bodies get 413 and handler exceptions 500, and the server keeps serving") {
  std::atomic<int> calls{0};
  HttpServerOptions o;
  o.max_body_bytes = 1024;
  HttpServer server(o, [&](const HttpRequest& r) -> HttpResponse {
    calls++;
    if (r.path == "/throw") throw std::runtime_error("boom");
    return HttpResponse::json(200, "{}");
  });
  server.start();
  std::string big(2048, 'x');
  auto out = roundtrip(server.port(),
                       "POST /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2048\r\n\r\n" + big,
                       "\"code\":413}");
  CHECK(out.find("HTTP/1.1 413") == 0);
  CHECK(out.find("\"reason\":\"RequestEntityTooLarge\"") != std::string::npos);
  out = roundtrip(server.port(), "GET /throw HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "\"code\":500}");
  CHECK(out.find("HTTP/1.1 500") == 0);
  CHECK(out.find("Internal error occurred: boom") != std::string::npos);
  out = roundtrip(server.port(), "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "{}");
  CHECK(out.find("HTTP/1.1 200") == 0);
  CHECK(calls == 2);
}

TEST_CASE("streams: headers flushed first, chunks flushed as produced, disconnect cancels") {
  auto stream = std::make_shared<QueueStream>();
  HttpServer server({}, [&](const HttpRequest&) {
    HttpResponse r = HttpResponse::json(200, "");
    r.stream = stream;
    return r;
  });
  server.start();
  int fd = connect_to(server.port());
  send_all(fd, "GET /watch HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string acc;
  read_until(fd, acc, "\r\n\r\n");
  CHECK(acc.find("HTTP/1.1 200") == 0);
  CHECK(acc.find("Transfer-Encoding: chunked") != std::string::npos);
  stream->push("{\"type\":\"ADDED\"}\n");
  read_until(fd, acc, "ADDED");
  CHECK(acc.find("{\"type\":\"ADDED\"}\n") != std::string::npos);
  CHECK(server.open_streams() == 1);
  ::close(fd);
  // The server notices the hang-up on a write; keep producing until it does.
  CHECK(wait_until([&] {
    stream->push("{\"type\":\"MODIFIED\"}\n");
    std::this_thread::sleep_for(20ms);
    return stream->cancels.load() == 1;
  }));
  CHECK(wait_until([&] { return server.open_streams() == 0; }));
}

TEST_CASE("streams end cleanly when the producer finishes or the server stops") {
  std::vector<std::shared_ptr<QueueStream>> streams;
  std::mutex mu;
  HttpServer server({}, [&](const HttpRequest&) {
    HttpResponse r = HttpResponse::json(200, "");
    auto s = std::make_shared<QueueStream>();
    std::lock_guard<std::mutex> l(mu);
    streams.push_back(s);
    r.stream = s;
    return r;
  });
  server.start();
  // One at a time so streams[0] belongs to `a`.
  int a = connect_to(server.port());
  send_all(a, "GET /w HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(wait_until([&] { return server.open_streams() == 1; }));
  int b = connect_to(server.port());
  send_all(b, "GET /w HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(wait_until([&] { return server.open_streams() == 2; }));
  std::lock_guard<std::mutex> l(mu);
  streams[0]->push("one\n");
  streams[0]->finish();
  std::string acc_a, acc_b;
  read_until(a, acc_a, "0\r\n\r\n");
  CHECK(acc_a.find("one\n") != std::string::npos);
  CHECK(acc_a.find("0\r\n\r\n") != std::string::npos);
  CHECK(streams[0]->cancels == 0);
  server.stop();
  CHECK(streams[1]->cancels == 1);
  read_until(b, acc_b, "0\r\n\r\n");
  CHECK(acc_b.find("0\r\n\r\n") != std::string::npos);
  ::close(a);
  ::close(b);
}

TEST_CASE("an explicit port that is taken fails with a clear error") {
  HttpServer first({}, [](const HttpRequest&) { return HttpResponse::json(200, "{}"); });
  first.start();
  HttpServerOptions o;
  o.port = first.port();
  HttpServer second(o, [](const HttpRequest&) { return HttpResponse::json(200, "{}"); });
  CHECK_THROWS_WITH_AS(second.start(), doctest::Contains("cannot listen"), std::runtime_error);
}
