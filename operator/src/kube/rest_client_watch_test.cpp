#include "kube/rest_client_watch.h"

#include <doctest/doctest.h>

namespace gpupool::kube {
namespace {

TEST_CASE("decodes ADDED/MODIFIED/DELETED/BOOKMARK") {
  auto a = decode_watch_line(R"({"type":"ADDED","object":{"kind":"GPUPool","metadata":{"name":"train","resourceVersion":"105"}}})");
  REQUIRE(a);
  REQUIRE(*a);
  CHECK((*a)->type == WatchEvent::Type::Added);
  CHECK((*a)->object["metadata"]["resourceVersion"] == "105");
  CHECK((*decode_watch_line(R"({"type":"MODIFIED","object":{}})"))->type == WatchEvent::Type::Modified);
  CHECK((*decode_watch_line(R"({"type":"DELETED","object":{}})"))->type == WatchEvent::Type::Deleted);
  auto b = decode_watch_line(R"({"type":"BOOKMARK","object":{"kind":"GPUPool","metadata":{"resourceVersion":"1050"}}})");
  CHECK((*b)->type == WatchEvent::Type::Bookmark);
}

TEST_CASE("blank lines are skipped") {
  auto r = decode_watch_line("  \r");
  REQUIRE(r);
  CHECK_FALSE(r->has_value());
}

TEST_CASE("ERROR with a 410 Status is Gone; other ERRORs map their Status") {
  auto g = decode_watch_line(R"j({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1000 (1040)","reason":"Expired","code":410}})j");
  REQUIRE_FALSE(g);
  CHECK(g.error().code == ErrorCode::Gone);
  CHECK(g.error().message.find("too old resource version") != std::string::npos);
  auto bare = decode_watch_line(R"({"type":"ERROR","object":{"kind":"Status","code":410}})");
  CHECK(bare.error().code == ErrorCode::Gone);
  auto internal = decode_watch_line(R"({"type":"ERROR","object":{"kind":"Status","message":"an error on the server","reason":"InternalError","code":500}})");
  CHECK(internal.error().code == ErrorCode::Unavailable);
}

TEST_CASE("malformed lines are Internal errors and never throw") {
  for (const char* line : {"{not json", R"({"type":"ADDED"})", R"({"type":"WHAT","object":{}})", R"({"type":7,"object":{}})",
                           R"(["ADDED"])", R"({"type":"ADDED","object":"x"})", "null", R"({"type":"ERROR","object":[]})"}) {
    auto r = decode_watch_line(line);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::Internal);
  }
}

TEST_CASE("error messages do not echo event content") {
  auto r = decode_watch_line(R"({"type":"ADDED","object":{"data":{"password":"c2VjcmV0"}})");
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("c2VjcmV0") == std::string::npos);
}

}  // namespace
}  // namespace gpupool::kube
