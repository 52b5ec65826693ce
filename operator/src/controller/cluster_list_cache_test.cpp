#include "controller/cluster_list_cache.h"

#include <doctest/doctest.h>

#include "testing/fake_clock.h"

using namespace gpupool;
using controller::ClusterListCache;

namespace {
struct CountingLister {
  int calls = 0;
  std::vector<cloud::NodePool> pools;
  ClusterListCache::Lister fn() {
    return [this]() -> Result<std::vector<cloud::NodePool>> {
      ++calls;
      return pools;
    };
  }
};
cloud::NodePool pool(const std::string& name) {
  cloud::NodePool p;
  p.id = p.name = name;
  return p;
}
}  // namespace

TEST_CASE("a fresh listing is shared; an old one is listed again") {
  testing::FakeClock clock;
  ClusterListCache cache(clock, std::chrono::seconds(2));
  CountingLister l;
  l.pools = {pool("a")};
  REQUIRE(cache.get("ns/gke", {}, l.fn()));
  CHECK(cache.get("ns/gke", {}, l.fn())->size() == 1);
  CHECK(l.calls == 1);
  CHECK(cache.get("ns/aks", {}, l.fn()));  // another cluster: its own listing
  CHECK(l.calls == 2);
  clock.advance(std::chrono::seconds(2));
  CHECK(cache.get("ns/gke", {}, l.fn()));
  CHECK(l.calls == 3);
}

TEST_CASE("a listing taken before the reconcile was asked for is not used") {
  testing::FakeClock clock;
  ClusterListCache cache(clock, std::chrono::seconds(2));
  CountingLister l;
  REQUIRE(cache.get("ns/gke", {}, l.fn()));
  clock.advance(std::chrono::milliseconds(500));
  const auto woken = clock.now();  // e.g. someone resized a pool, then poked the GPUPool
  CHECK(cache.get("ns/gke", woken, l.fn()));
  CHECK(l.calls == 2);  // listed again
  CHECK(cache.get("ns/gke", woken, l.fn()));
  CHECK(l.calls == 2);  // that listing is after `woken`: shared
}

TEST_CASE("our own change invalidates, and a listing that raced it is not kept") {
  testing::FakeClock clock;
  ClusterListCache cache(clock);
  CountingLister l;
  REQUIRE(cache.get("ns/gke", {}, l.fn()));
  cache.invalidate("ns/gke");  // we created a pool
  l.pools = {pool("new")};
  CHECK(cache.get("ns/gke", {}, l.fn())->size() == 1);  // sees it
  CHECK(l.calls == 2);

  // A listing that started before an invalidation must not be stored.
  ClusterListCache::Lister racing = [&]() -> Result<std::vector<cloud::NodePool>> {
    cache.invalidate("ns/gke");
    return std::vector<cloud::NodePool>{};
  };
  cache.invalidate("ns/gke");
  CHECK(cache.get("ns/gke", {}, racing)->empty());
  CHECK(cache.get("ns/gke", {}, l.fn())->size() == 1);  // listed again, not the racing result
  CHECK(l.calls == 3);
}

TEST_CASE("failed listings are not cached") {
  testing::FakeClock clock;
  ClusterListCache cache(clock);
  int calls = 0;
  ClusterListCache::Lister failing = [&]() -> Result<std::vector<cloud::NodePool>> {
    ++calls;
    return fail(ErrorCode::Unavailable, "503");
  };
  CHECK(!cache.get("ns/gke", {}, failing));
  CHECK(!cache.get("ns/gke", {}, failing));
  CHECK(calls == 2);
}
