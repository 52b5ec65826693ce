// In-process tests of the cpprest wire layer against a cpprest http_listener
// on 127.0.0.1 (test-only use of cpprest headers outside the adapter).
#include "http/cpprest_transport.h"

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cpprest/http_listener.h>
#include <cpprest/producerconsumerstream.h>
#include <future>
#include <thread>

namespace gpupool::http {
namespace {

using namespace std::chrono_literals;
using web::http::http_request;
using web::http::http_response;
using web::http::experimental::listener::http_listener;
using Buffer = concurrency::streams::producer_consumer_buffer<uint8_t>;

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// A listener whose handler the test sets; closes on destruction.
struct Server {
  std::string url = "http://127.0.0.1:" + std::to_string(free_port());
  http_listener listener{url};
  explicit Server(std::function<void(http_request)> handler) {
    listener.support(std::move(handler));
    listener.open().wait();
  }
  ~Server() { listener.close().wait(); }
};

void write_line(Buffer& buf, const std::string& line) {
  std::string s = line + "\n";
  buf.putn_nocopy(reinterpret_cast<const uint8_t*>(s.data()), s.size()).wait();
  buf.sync().wait();  // make it readable (and sent as a chunk) now
}

std::unique_ptr<Transport> raw(const std::string& url) {
  TransportConfig c;
  c.base_url = url;
  auto t = make_raw_cpprest_transport(c);
  REQUIRE(t);
  return std::move(*t);
}

// Serves one streamed 200 response and hands its body buffer to the test.
struct StreamServer {
  std::promise<Buffer> buffer;
  Server server{[this](http_request req) {
    Buffer buf;
    http_response resp(web::http::status_codes::OK);
    resp.set_body(concurrency::streams::istream(buf), "application/json");
    req.reply(resp);
    buffer.set_value(buf);
  }};
};

TEST_CASE("stream_lines delivers each line as its chunk arrives") {
  StreamServer s;
  auto t = raw(s.server.url);
  std::promise<void> got_first;
  std::vector<std::string> lines;
  auto client = std::async(std::launch::async, [&] {
    return t->stream_lines(Request{}, std::stop_token(), [&](std::string_view l) {
      lines.emplace_back(l);
      if (lines.size() == 1) got_first.set_value();
      return true;
    });
  });
  Buffer buf = s.buffer.get_future().get();
  write_line(buf, R"({"type":"ADDED"})");
  // The second line is only written once the first was delivered.
  REQUIRE(got_first.get_future().wait_for(5s) == std::future_status::ready);
  write_line(buf, "");
  write_line(buf, R"({"type":"MODIFIED"})");
  buf.close(std::ios_base::out).wait();
  REQUIRE(client.wait_for(5s) == std::future_status::ready);
  auto r = client.get();
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->header("content-type") == "application/json");
  CHECK(lines == std::vector<std::string>{R"({"type":"ADDED"})", "", R"({"type":"MODIFIED"})"});
}

TEST_CASE("stop_token cancels a stream that stays open") {
  StreamServer s;
  auto t = raw(s.server.url);
  std::stop_source stop;
  std::promise<void> got_first;
  auto client = std::async(std::launch::async, [&] {
    return t->stream_lines(Request{}, stop.get_token(), [&](std::string_view) {
      got_first.set_value();
      return true;
    });
  });
  Buffer buf = s.buffer.get_future().get();
  write_line(buf, R"({"type":"ADDED"})");
  REQUIRE(got_first.get_future().wait_for(5s) == std::future_status::ready);
  stop.request_stop();
  REQUIRE(client.wait_for(5s) == std::future_status::ready);
  CHECK(client.get());
  buf.close(std::ios_base::out).wait();
}

TEST_CASE("send returns status, lower-cased headers and body; sends our headers") {
  std::promise<std::map<std::string, std::string>> seen;
  Server server([&](http_request req) {
    std::map<std::string, std::string> h;
    for (const auto& [k, v] : req.headers()) h[k] = v;
    h["@body"] = req.extract_utf8string(true).get();
    h["@uri"] = req.request_uri().to_string();
    seen.set_value(h);
    http_response resp(web::http::status_codes::Created);
    resp.headers().add("X-Custom", "yes");
    resp.set_body(std::string(R"({"ok":true})"), "application/json");
    req.reply(resp);
  });
  auto t = raw(server.url);
  Request req;
  req.method = "POST";
  req.target = "/apis/g/v1/namespaces/a/things?fieldManager=x%2Fy";
  req.headers = {{"Accept", "application/json, */*"}, {"Content-Type", "application/merge-patch+json"}};
  req.body = R"({"spec":{}})";
  auto r = t->send(req);
  REQUIRE(r);
  CHECK(r->status == 201);
  CHECK(r->header("x-custom") == "yes");
  CHECK(r->body == R"({"ok":true})");
  auto h = seen.get_future().get();
  CHECK(h["@body"] == req.body);
  CHECK(h["@uri"] == req.target);
  CHECK(h["Content-Type"] == "application/merge-patch+json");
  CHECK(h["Accept"] == "application/json, */*");
  CHECK(h["User-Agent"].rfind("gpupool-operator/", 0) == 0);
}

TEST_CASE("a non-2xx stream answer returns its body and no lines") {
  Server server([](http_request req) {
    req.reply(web::http::status_codes::Gone, std::string(R"({"kind":"Status","code":410})"), "application/json");
  });
  auto t = raw(server.url);
  int lines = 0;
  auto r = t->stream_lines(Request{}, std::stop_token(), [&](std::string_view) { return ++lines > 0; });
  REQUIRE(r);
  CHECK(r->status == 410);
  CHECK(r->body == R"({"kind":"Status","code":410})");
  CHECK(lines == 0);
}

TEST_CASE("connection refused is Unavailable; a silent server is Timeout") {
  auto t = raw("http://127.0.0.1:" + std::to_string(free_port()));
  auto r = t->send(Request{});
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Unavailable);

  std::promise<void> release;
  auto released = release.get_future().share();
  Server server([released](http_request req) {
    released.wait_for(5s);
    req.reply(web::http::status_codes::OK);
  });
  auto t2 = raw(server.url);
  Request slow;
  slow.timeout = 300ms;
  auto r2 = t2->send(slow);
  release.set_value();
  REQUIRE_FALSE(r2);
  CHECK(r2.error().code == ErrorCode::Timeout);
}

TEST_CASE("bad configuration is rejected up front") {
  TransportConfig c;
  c.base_url = "not a url";
  CHECK(make_cpprest_transport(c).error().code == ErrorCode::InvalidArgument);
  c.base_url = "https://127.0.0.1:6443";
  c.ca_pem = "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n";
  CHECK(make_cpprest_transport(c).error().code == ErrorCode::InvalidArgument);
  c.ca_pem.clear();
  c.client_cert_pem = "garbage";
  CHECK(make_cpprest_transport(c).error().code == ErrorCode::InvalidArgument);
  c.client_cert_pem.clear();
  CHECK(make_cpprest_transport(c));
}

}  // namespace
}  // namespace gpupool::http
