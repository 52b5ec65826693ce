#include "controller/predicates.h"

#include <doctest/doctest.h>

#include "api/object_meta.h"

namespace {
struct Obj {
  gpupool::api::ObjectMeta metadata;
  std::vector<gpupool::api::Condition> conditions;
};
gpupool::api::Condition cond(std::string type, std::string status, std::string msg = "") {
  gpupool::api::Condition c;
  c.type = std::move(type);
  c.status = std::move(status);
  c.message = std::move(msg);
  return c;
}
}  // namespace

TEST_CASE("generation_changed ignores status-only updates") {
  Obj a, b;
  a.metadata.generation = b.metadata.generation = 3;
  b.metadata.resource_version = "99";
  CHECK_FALSE(gpupool::controller::generation_changed(a, b));
  b.metadata.generation = 4;
  CHECK(gpupool::controller::generation_changed(a, b));
}

TEST_CASE("conditions digest: order and message insensitive, status sensitive") {
  using gpupool::controller::conditions_digest;
  Obj a, b;
  a.conditions = {cond("Ready", "True", "x"), cond("Degraded", "False")};
  b.conditions = {cond("Degraded", "False"), cond("Ready", "True", "y")};
  const auto proj = [](const Obj& o) -> const std::vector<gpupool::api::Condition>& { return o.conditions; };
  CHECK_FALSE(gpupool::controller::conditions_changed<Obj>(a, b, proj));
  b.conditions[1].status = "False";
  CHECK(gpupool::controller::conditions_changed<Obj>(a, b, proj));
  const auto j1 = gpupool::kube::json::parse(R"([{"type":"Ready","status":"True","message":"a"}])");
  const auto j2 = gpupool::kube::json::parse(R"([{"type":"Ready","status":"True","message":"b"}])");
  const auto j3 = gpupool::kube::json::parse(R"([{"type":"Ready","status":"False"}])");
  CHECK(conditions_digest(j1) == conditions_digest(j2));
  CHECK(conditions_digest(j1) != conditions_digest(j3));
}
