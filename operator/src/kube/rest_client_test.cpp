#include "kube/rest_client.h"

#include <doctest/doctest.h>

#include <future>

#include "testing/fake_transport.h"

namespace gpupool::kube {
namespace {

using gpupool::testing::FakeTransport;
using gpupool::testing::header_value;
using namespace std::chrono_literals;

const ResourceRef kPools{"gpupool.io", "v1alpha1", "gpupools", true};
const ResourceRef kPods{"", "v1", "pods", true};

struct Rig {
  std::shared_ptr<FakeTransport> fake = std::make_shared<FakeTransport>();
  RestClient client{fake};
};

const json kPool = json::parse(R"({"apiVersion":"gpupool.io/v1alpha1","kind":"GPUPool","metadata":{"name":"train","namespace":"default","resourceVersion":"104"},"spec":{"gpus":8}})");

TEST_CASE("get sends client-go's Accept and returns the object") {
  Rig rig;
  rig.fake->reply_json(200, kPool);
  auto r = rig.client.get(kPools, "default", "train");
  REQUIRE(r);
  CHECK((*r)["spec"]["gpus"] == 8);
  auto req = rig.fake->last_request();
  CHECK(req.method == "GET");
  CHECK(req.target == "/apis/gpupool.io/v1alpha1/namespaces/default/gpupools/train");
  CHECK(header_value(req, "Accept") == "application/json, */*");
  CHECK(header_value(req, "Content-Type") == "");
  CHECK(req.idempotent);
}

TEST_CASE("get maps a Status body to an Error") {
  Rig rig;
  rig.fake->reply_json(404, json::parse(R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"gpupools.gpupool.io \"x\" not found","reason":"NotFound","code":404})"));
  auto r = rig.client.get(kPools, "default", "x");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::NotFound);
  CHECK(r.error().message == "gpupools.gpupool.io \"x\" not found");
}

TEST_CASE("transport failures and undecodable bodies are Errors") {
  Rig rig;
  rig.fake->reply_error(Error(ErrorCode::Unavailable, "connection refused")).reply(200, "not json");
  auto a = rig.client.get(kPools, "default", "train");
  CHECK(a.error().code == ErrorCode::Unavailable);
  CHECK(a.error().message.find("GET /apis/gpupool.io") != std::string::npos);
  CHECK(rig.client.get(kPools, "default", "train").error().code == ErrorCode::Internal);
  CHECK(rig.client.get(kPools, "", "train").error().code == ErrorCode::InvalidArgument);
  CHECK(rig.fake->request_count() == 2);
}

TEST_CASE("list: query, page metadata, item apiVersion/kind filled for built-in lists") {
  Rig rig;
  rig.fake->reply_json(200, json::parse(R"({"apiVersion":"v1","kind":"PodList","metadata":{"resourceVersion":"1050","continue":"tok"},"items":[{"metadata":{"name":"p1"}},{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p2"}}]})"));
  ListOptions o;
  o.label_selector = "team=ml";
  o.limit = 500;
  auto page = rig.client.list(kPods, "", o);
  REQUIRE(page);
  CHECK(rig.fake->last_request().target == "/api/v1/pods?labelSelector=team%3Dml&limit=500");
  CHECK(page->resource_version == "1050");
  CHECK(page->continue_token == "tok");
  REQUIRE(page->items.size() == 2);
  CHECK(page->items[0]["kind"] == "Pod");
  CHECK(page->items[0]["apiVersion"] == "v1");
  rig.fake->reply_json(200, json::parse(R"({"kind":"GPUPoolList","metadata":{"resourceVersion":"7"},"items":null})"));
  CHECK(rig.client.list(kPools, "default", {})->items.empty());
}

TEST_CASE("create POSTs JSON to the object's namespace and is not retried") {
  Rig rig;
  rig.fake->reply_json(201, kPool);
  auto r = rig.client.create(kPools, "", kPool);
  REQUIRE(r);
  auto req = rig.fake->last_request();
  CHECK(req.method == "POST");
  CHECK(req.target == "/apis/gpupool.io/v1alpha1/namespaces/default/gpupools");
  CHECK(header_value(req, "Content-Type") == "application/json");
  CHECK(json::parse(req.body) == kPool);
  CHECK_FALSE(req.idempotent);
}

TEST_CASE("update and update_status PUT to the item and /status; Conflict surfaces") {
  Rig rig;
  rig.fake->reply_json(409, json::parse(R"({"kind":"Status","status":"Failure","message":"Operation cannot be fulfilled","reason":"Conflict","code":409})"))
      .reply_json(200, kPool);
  CHECK(rig.client.update(kPools, "default", kPool).error().code == ErrorCode::Conflict);
  CHECK(rig.fake->last_request().target == "/apis/gpupool.io/v1alpha1/namespaces/default/gpupools/train");
  CHECK(rig.client.update_status(kPools, "default", kPool));
  CHECK(rig.fake->last_request().method == "PUT");
  CHECK(rig.fake->last_request().target == "/apis/gpupool.io/v1alpha1/namespaces/default/gpupools/train/status");
  json nameless = {{"metadata", json::object()}};
  CHECK(rig.client.update(kPools, "default", nameless).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("patch content types, fieldManager and force for apply") {
  Rig rig;
  for (int i = 0; i < 3; ++i) rig.fake->reply_json(200, kPool);
  CHECK(rig.client.patch(kPools, "default", "train", PatchType::Merge, R"({"spec":{"gpus":24}})", "status"));
  auto merge = rig.fake->last_request();
  CHECK(merge.method == "PATCH");
  CHECK(merge.target == "/apis/gpupool.io/v1alpha1/namespaces/default/gpupools/train/status?fieldManager=gpupool-operator");
  CHECK(header_value(merge, "Content-Type") == "application/merge-patch+json");
  CHECK(merge.body == R"({"spec":{"gpus":24}})");
  CHECK(rig.client.patch(kPools, "default", "train", PatchType::Apply, kPool.dump(), "", "gpupool-operator"));
  auto apply = rig.fake->last_request();
  CHECK(apply.target == "/apis/gpupool.io/v1alpha1/namespaces/default/gpupools/train?fieldManager=gpupool-operator&force=true");
  CHECK(header_value(apply, "Content-Type") == "application/apply-patch+yaml");
  CHECK(rig.client.patch(kPools, "default", "train", PatchType::Json, R"([{"op":"replace","path":"/spec/gpus","value":32}])", "", ""));
  auto jp = rig.fake->last_request();
  CHECK(jp.target == "/apis/gpupool.io/v1alpha1/namespaces/default/gpupools/train");
  CHECK(header_value(jp, "Content-Type") == "application/json-patch+json");
  CHECK_FALSE(jp.idempotent);
}

TEST_CASE("remove sends DeleteOptions; NotFound is an error") {
  Rig rig;
  rig.fake->reply_json(200, kPool).reply_json(404, json::parse(R"({"kind":"Status","reason":"NotFound","code":404})"));
  DeleteOptions o;
  o.precondition_uid = "u-1";
  CHECK(rig.client.remove(kPools, "default", "train", o));
  auto req = rig.fake->last_request();
  CHECK(req.method == "DELETE");
  CHECK(json::parse(req.body) == json::parse(R"({"propagationPolicy":"Background","preconditions":{"uid":"u-1"}})"));
  CHECK(header_value(req, "Content-Type") == "application/json");
  CHECK(rig.client.remove(kPools, "default", "train").error().code == ErrorCode::NotFound);
}

std::vector<WatchEvent::Type> types(const std::vector<WatchEvent>& evs) {
  std::vector<WatchEvent::Type> out;
  for (const auto& e : evs) out.push_back(e.type);
  return out;
}

TEST_CASE("watch delivers events and returns ok when the server closes") {
  Rig rig;
  rig.fake->reply_stream({R"({"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"105"}}})", "",
                          R"({"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"110"}}})",
                          R"({"type":"DELETED","object":{"metadata":{"name":"a","resourceVersion":"111"}}})"});
  WatchOptions o;
  o.resource_version = "104";
  std::vector<WatchEvent> evs;
  auto s = rig.client.watch(kPools, "default", o, {}, [&](WatchEvent&& e) { evs.push_back(std::move(e)); });
  CHECK(s);
  CHECK(types(evs) == std::vector{WatchEvent::Type::Added, WatchEvent::Type::Bookmark, WatchEvent::Type::Deleted});
  auto req = rig.fake->last_request();
  CHECK(req.target == "/apis/gpupool.io/v1alpha1/namespaces/default/gpupools?watch=true&resourceVersion=104&allowWatchBookmarks=true");
  CHECK(req.timeout > std::chrono::seconds(3600));
}

TEST_CASE("watch: ERROR 410 returns Gone after earlier events; HTTP 410 too") {
  Rig rig;
  rig.fake->reply_stream({R"({"type":"MODIFIED","object":{}})",
                          R"j({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1000 (1040)","reason":"Expired","code":410}})j",
                          R"({"type":"ADDED","object":{}})"});
  int n = 0;
  auto s = rig.client.watch(kPools, "default", {}, {}, [&](WatchEvent&&) { ++n; });
  REQUIRE_FALSE(s);
  CHECK(s.error().code == ErrorCode::Gone);
  CHECK(n == 1);
  rig.fake->push({http::Response{410, {}, R"({"kind":"Status","reason":"Expired","code":410})"}, {}, false});
  CHECK(rig.client.watch(kPools, "default", {}, {}, [&](WatchEvent&&) {}).error().code == ErrorCode::Gone);
}

TEST_CASE("watch: a malformed line ends the watch with an error instead of crashing") {
  Rig rig;
  rig.fake->reply_stream({R"({"type":"ADDED","object":{}})", "{garbage", R"({"type":"ADDED","object":{}})"});
  int n = 0;
  auto s = rig.client.watch(kPools, "default", {}, {}, [&](WatchEvent&&) { ++n; });
  REQUIRE_FALSE(s);
  CHECK(s.error().code == ErrorCode::Internal);
  CHECK(n == 1);
}

TEST_CASE("watch returns ok when stopped while the stream stays open") {
  Rig rig;
  rig.fake->reply_stream({R"({"type":"ADDED","object":{}})"}, /*hold_open=*/true);
  std::stop_source stop;
  std::promise<void> first;
  auto done = std::async(std::launch::async, [&] {
    return rig.client.watch(kPools, "", {}, stop.get_token(), [&](WatchEvent&&) { first.set_value(); });
  });
  REQUIRE(first.get_future().wait_for(5s) == std::future_status::ready);
  stop.request_stop();
  REQUIRE(done.wait_for(5s) == std::future_status::ready);
  CHECK(done.get());
}

}  // namespace
}  // namespace gpupool::kube
