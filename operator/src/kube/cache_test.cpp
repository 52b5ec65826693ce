#include "kube/cache.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "api/object_meta.h"

namespace {
struct Pool {
  gpupool::api::ObjectMeta metadata;
  std::string cluster_ref;  // "ns/name"
};
std::shared_ptr<const Pool> pool(std::string ns, std::string name, std::string ref, std::string rv = "1") {
  Pool p;
  p.metadata.ns = std::move(ns);
  p.metadata.name = std::move(name);
  p.metadata.resource_version = std::move(rv);
  p.cluster_ref = std::move(ref);
  return std::make_shared<const Pool>(std::move(p));
}
std::vector<std::string> names(const std::vector<std::shared_ptr<const Pool>>& v) {
  std::vector<std::string> out;
  for (auto& p : v) out.push_back(p->metadata.name);
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

TEST_CASE("cache get/list and namespace index") {
  gpupool::kube::Cache<Pool> c;
  CHECK(c.upsert(pool("a", "p1", "a/c1")) == nullptr);
  c.upsert(pool("a", "p2", "a/c2"));
  c.upsert(pool("b", "p3", "a/c1"));
  CHECK(c.size() == 3);
  REQUIRE(c.get("a/p1") != nullptr);
  CHECK(c.get("a/p1")->cluster_ref == "a/c1");
  CHECK(c.get("missing") == nullptr);
  CHECK(names(c.list_namespace("a")) == std::vector<std::string>{"p1", "p2"});
  CHECK(names(c.list_namespace("b")) == std::vector<std::string>{"p3"});
  CHECK(c.list_namespace("zzz").empty());
}

TEST_CASE("custom index follows updates and removals; readers keep old snapshots") {
  gpupool::kube::Cache<Pool> c;
  c.add_index("cluster", [](const Pool& p) { return std::vector<std::string>{p.cluster_ref}; });
  c.upsert(pool("a", "p1", "a/c1"));
  c.upsert(pool("a", "p2", "a/c1"));
  CHECK(names(c.by_index("cluster", "a/c1")) == std::vector<std::string>{"p1", "p2"});

  auto snapshot = c.get("a/p1");
  auto old = c.upsert(pool("a", "p1", "a/c2", "2"));
  REQUIRE(old != nullptr);
  CHECK(old->metadata.resource_version == "1");
  CHECK(snapshot->cluster_ref == "a/c1");  // unchanged snapshot
  CHECK(names(c.by_index("cluster", "a/c1")) == std::vector<std::string>{"p2"});
  CHECK(names(c.by_index("cluster", "a/c2")) == std::vector<std::string>{"p1"});

  CHECK(c.remove("a/p2") != nullptr);
  CHECK(c.remove("a/p2") == nullptr);
  CHECK(c.by_index("cluster", "a/c1").empty());
  CHECK(c.by_index("no-such-index", "x").empty());
}

TEST_CASE("add_index after objects exist indexes them") {
  gpupool::kube::Cache<Pool> c;
  c.upsert(pool("", "cluster-scoped", "x"));
  c.add_index("ref", [](const Pool& p) { return std::vector<std::string>{p.cluster_ref}; });
  CHECK(names(c.by_index("ref", "x")) == std::vector<std::string>{"cluster-scoped"});
  CHECK(c.get("cluster-scoped") != nullptr);
}
