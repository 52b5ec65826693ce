#include "sim/kube/schema/table.h"

#include <doctest/doctest.h>

namespace gpupool::sim::kube::table {
namespace {

using std::chrono::seconds;

TEST_CASE("human_duration boundaries") {
  const long long m = 60, h = 3600, d = 86400, y = 365 * d;
  struct Case {
    long long s;
    const char* want;
  } cases[] = {
      {-2, "<invalid>"}, {-1, "0s"}, {0, "0s"}, {1, "1s"}, {119, "119s"},
      {120, "2m"}, {121, "2m1s"}, {9 * m + 59, "9m59s"}, {10 * m, "10m"}, {10 * m + 59, "10m"},
      {3 * h - 1, "179m"}, {3 * h, "3h"}, {3 * h + 1 * m, "3h1m"}, {8 * h - 1, "7h59m"}, {8 * h, "8h"},
      {48 * h - 1, "47h"}, {48 * h, "2d"}, {2 * d + h, "2d1h"}, {8 * d - 1, "7d23h"}, {8 * d, "8d"},
      {2 * y - 1, "729d"}, {2 * y, "2y"}, {2 * y + d, "2y1d"}, {8 * y - 1, "7y364d"}, {8 * y, "8y"}, {20 * y, "20y"}};
  for (const auto& c : cases) {
    CAPTURE(c.s);
    CHECK(human_duration(seconds(c.s)) == c.want);
  }
}

TEST_CASE("eval_jsonpath subset") {
  json o = json::parse(R"({"metadata":{"name":"a"},"spec":{"xs":[{"b":1},{"b":2}]},
    "status":{"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True"}]}})");
  CHECK(eval_jsonpath(o, ".metadata.name") == "a");
  CHECK(eval_jsonpath(o, "{.metadata.name}") == "a");
  CHECK(eval_jsonpath(o, ".spec.xs[1].b") == 2);
  CHECK(eval_jsonpath(o, ".spec.xs[-1].b") == 2);
  CHECK(eval_jsonpath(o, ".spec.xs[5].b").is_null());
  CHECK(eval_jsonpath(o, ".status.conditions[?(@.type==\"Ready\")].status") == "True");
  CHECK(eval_jsonpath(o, ".status.conditions[?(@.type=='Synced')].status") == "False");
  CHECK(eval_jsonpath(o, ".status.conditions[?(@.type!=\"Synced\")].type") == "Ready");
  CHECK(eval_jsonpath(o, ".status.conditions[*].type") == "Synced");
  CHECK(eval_jsonpath(o, ".spec['xs'][0].b") == 1);
  CHECK(eval_jsonpath(o, ".missing.deep").is_null());
}

ResourceInfo pool() {
  ResourceInfo r;
  r.group = "gpupool.io";
  r.version = "v1alpha1";
  r.kind = "GPUPool";
  r.plural = "gpupools";
  r.is_crd = true;
  r.printer_columns = json::parse(R"([
    {"name":"GPU","type":"string","jsonPath":".spec.gpuType"},
    {"name":"Desired","type":"integer","jsonPath":".spec.gpus"},
    {"name":"Ratio","type":"number","jsonPath":".spec.ratio","priority":1},
    {"name":"Paused","type":"boolean","jsonPath":".spec.paused"},
    {"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"},
    {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}])");
  return r;
}

TEST_CASE("columns and typed cells") {
  auto now = std::chrono::system_clock::from_time_t(1714557910);  // 2024-05-01T10:05:10Z
  json obj = json::parse(R"({"metadata":{"name":"pool-a","namespace":"default","creationTimestamp":"2024-05-01T10:00:00Z"},
    "spec":{"gpuType":"h100","gpus":4,"ratio":2,"paused":false},"status":{"conditions":[{"type":"Ready","status":"True"}]}})");
  json cols = column_definitions(pool());
  REQUIRE(cols.size() == 7);
  CHECK(cols[0]["name"] == "Name");
  CHECK(cols[0]["format"] == "name");
  CHECK(cols[3]["priority"] == 1);
  json r = row(pool(), obj, IncludeObject::Metadata, now);
  CHECK(r["cells"] == json::parse(R"(["pool-a","h100",4,2.0,false,"True","5m10s"])"));
  CHECK(r["cells"][3].is_number_float());
  CHECK(r["object"]["kind"] == "PartialObjectMetadata");
  CHECK(r["object"]["metadata"]["namespace"] == "default");
  json missing = json::parse(R"({"metadata":{"name":"b","creationTimestamp":"bogus"}})");
  CHECK(row(pool(), missing, IncludeObject::None, now) == json::parse(R"({"cells":["b",null,null,null,null,null,"<invalid>"]})"));
}

TEST_CASE("default Age column and table envelope") {
  ResourceInfo bare = pool();
  bare.printer_columns = json::array();
  json cols = column_definitions(bare);
  REQUIRE(cols.size() == 2);
  CHECK(cols[1]["name"] == "Age");
  CHECK(cols[1]["type"] == "date");
  auto now = std::chrono::system_clock::from_time_t(1714557600 + 3 * 86400);
  json obj = json::parse(R"({"metadata":{"name":"x","creationTimestamp":"2024-05-01T12:00:00+02:00"}})");
  json t = render(bare, {&obj}, IncludeObject::Object, "1050", "", true, now);
  CHECK(t["kind"] == "Table");
  CHECK(t["apiVersion"] == "meta.k8s.io/v1");
  CHECK(t["metadata"] == json::parse(R"({"resourceVersion":"1050"})"));
  CHECK(t["rows"][0]["cells"] == json::parse(R"(["x","3d"])"));
  CHECK(t["rows"][0]["object"] == obj);
  json watch = render(bare, {&obj}, IncludeObject::None, "", "tok", false, now);
  CHECK_FALSE(watch.contains("columnDefinitions"));
  CHECK(watch["metadata"]["continue"] == "tok");
  CHECK(render(bare, {}, IncludeObject::None, "7", "", true, now)["rows"] == json::array());
}

}  // namespace
}  // namespace gpupool::sim::kube::table
