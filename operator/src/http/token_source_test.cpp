#include "http/token_source.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "http/auth_transport.h"
#include "testing/fake_clock.h"
#include "testing/fake_transport.h"

namespace gpupool::http {
namespace {

namespace fs = std::filesystem;
using gpupool::testing::FakeClock;
using gpupool::testing::FakeTransport;
using namespace std::chrono_literals;

// A token file whose every rewrite gets a distinct, later mtime.
struct TokenFile {
  fs::path path;
  fs::file_time_type stamp = fs::file_time_type::clock::now();
  TokenFile() {
    path = fs::temp_directory_path() / ("gpupool-token-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  }
  ~TokenFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
  void write(const std::string& s) {
    std::ofstream(path) << s;
    stamp += 10s;
    fs::last_write_time(path, stamp);
  }
};

TEST_CASE("static token only") {
  FakeClock clock;
  BearerTokenSource src("abc", "", clock);
  CHECK(src.token().value() == "abc");
  BearerTokenSource none("", "", clock);
  CHECK(none.token().value() == "");
}

TEST_CASE("token file is re-read at most once per minute when it changes") {
  FakeClock clock;
  TokenFile f;
  f.write("first\n");
  BearerTokenSource src("static", f.path.string(), clock);
  CHECK(src.token().value() == "first");
  f.write("second");
  clock.advance(30s);
  CHECK(src.token().value() == "first");  // too soon to look again
  clock.advance(31s);
  CHECK(src.token().value() == "second");
}

TEST_CASE("invalidate forces a re-read; a failed re-read keeps the last token") {
  FakeClock clock;
  TokenFile f;
  f.write("one");
  BearerTokenSource src("", f.path.string(), clock);
  CHECK(src.token().value() == "one");
  f.write("two");
  src.invalidate();
  CHECK(src.token().value() == "two");
  fs::remove(f.path);
  src.invalidate();
  CHECK(src.token().value() == "two");
}

TEST_CASE("missing token file without a fallback is Unauthenticated") {
  FakeClock clock;
  BearerTokenSource src("", "/nonexistent/gpupool/token", clock);
  auto t = src.token();
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::Unauthenticated);
}

TEST_CASE("BearerAuthTransport adds the header and re-reads the file after a 401") {
  FakeClock clock;
  TokenFile f;
  f.write("old");
  auto fake = std::make_unique<FakeTransport>();
  auto* raw = fake.get();
  BearerAuthTransport t(std::move(fake), std::make_shared<BearerTokenSource>("", f.path.string(), clock));
  raw->reply(401, R"({"kind":"Status","code":401,"reason":"Unauthorized"})").reply(200, "{}");
  Request req;
  auto r1 = t.send(req);
  REQUIRE(r1);
  CHECK(r1->status == 401);
  CHECK(gpupool::testing::header_value(raw->last_request(), "authorization") == "Bearer old");
  f.write("new");
  CHECK(t.send(req));
  CHECK(gpupool::testing::header_value(raw->last_request(), "Authorization") == "Bearer new");
}

}  // namespace
}  // namespace gpupool::http
