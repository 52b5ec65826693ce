#include "cloud/ownership.h"

#include <doctest/doctest.h>

#include <cctype>

using namespace gpupool::cloud;

namespace {
Owner owner() { return {"team-a", "train", "0b7c9a0e-1d2f-4c55-9a61-2f7f1d3e8a10", "gke-h100"}; }

bool gke_valid(const std::string& n) {
  if (n.empty() || n.size() > 40 || !std::islower(static_cast<unsigned char>(n[0]))) return false;
  for (char c : n)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-')) return false;
  return n.back() != '-';
}
}  // namespace

TEST_CASE("ownership tags round-trip") {
  auto tags = ownership_tags("AKS", owner());
  CHECK(tags.at("gpupool-owner-namespace") == "team-a");
  CHECK(tags.at("gpupool-target") == "gke-h100");
  CHECK(owner_from_tags(tags) == owner());
  tags.erase("gpupool-owner-uid");
  CHECK_FALSE(owner_from_tags(tags));
  CHECK_FALSE(owner_from_tags({}));
}

TEST_CASE("GCE label values are lowercase [a-z0-9_-] and at most 63 chars") {
  CHECK(sanitize_tag_value("GKE", "My.Pool") == "my_pool");
  std::string longv(100, 'a');
  auto v = sanitize_tag_value("GKE", longv);
  CHECK(v.size() == 63);
  CHECK(v != sanitize_tag_value("GKE", longv + "b"));  // hash keeps them apart
  CHECK(sanitize_tag_value("AKS", "My.Pool") == "My.Pool");
  auto stored = stored_owner("GKE", {"NS", "a.b", "UID", "t"});
  CHECK(stored.ns == "ns");
  CHECK(stored.name == "a_b");
  CHECK(owner_from_tags(ownership_tags("GKE", {"NS", "a.b", "UID", "t"})) == stored);
}

TEST_CASE("pool names are deterministic and valid per cloud") {
  auto gke = pool_name("GKE", owner());
  CHECK(gke == pool_name("GKE", owner()));
  CHECK(gke_valid(gke));
  CHECK(gke.rfind("gp-train-gke-h100-", 0) == 0);
  Owner longo{"ns", std::string(80, 'x'), "u", "Target_With.Dots"};
  CHECK(gke_valid(pool_name("GKE", longo)));
  Owner other = owner();
  other.target = "gke-h200";
  CHECK(pool_name("GKE", other) != gke);

  auto aks = pool_name("AKS", owner());
  CHECK(aks.size() <= 12);
  CHECK(std::islower(static_cast<unsigned char>(aks[0])));
  for (char c : aks) CHECK((std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c))));
  CHECK(pool_name("AKS", other) != aks);

  CHECK(pool_name("CoreWeave", longo).size() <= 63);
  CHECK(pool_name("OKE", owner()) == "gpupool-team-a-train-gke-h100");
}
