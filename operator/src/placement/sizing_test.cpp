#include "placement/sizing.h"

#include <doctest/doctest.h>

#include "placement/catalogue.h"
#include "placement/test_builders.h"

using namespace gpupool;
using namespace gpupool::placement;
using gpupool::placement::testing::target;

TEST_CASE("catalogue knows every machine type the issue names, with the reference numbers") {
  struct Row { const char* name; api::Provider p; const char* gpu; int gpn; double price; int rack; };
  const Row rows[] = {
      {"a3-highgpu-8g", api::Provider::GKE, "H100", 8, 11.061, 1},
      {"a3-ultragpu-8g", api::Provider::GKE, "H200", 8, 10.845, 1},
      {"a3-megagpu-8g", api::Provider::GKE, "H100", 8, 11.617, 1},
      {"g2-standard-24", api::Provider::GKE, "L4", 2, 1.000, 1},
      {"a2-highgpu-4g", api::Provider::GKE, "A100-40GB", 4, 3.673, 1},
      {"a2-ultragpu-8g", api::Provider::GKE, "A100-80GB", 8, 5.069, 1},
      {"Standard_ND96isr_H100_v5", api::Provider::AKS, "H100", 8, 12.290, 1},
      {"Standard_ND96isr_H200_v5", api::Provider::AKS, "H200", 8, 10.600, 1},
      {"Standard_ND96asr_v4", api::Provider::AKS, "A100-40GB", 8, 3.400, 1},
      {"Standard_ND96amsr_A100_v4", api::Provider::AKS, "A100-80GB", 8, 4.096, 1},
      {"Standard_NC80adis_H100_v5", api::Provider::AKS, "H100-NVL", 2, 6.980, 1},
      {"BM.GPU.H100.8", api::Provider::OKE, "H100", 8, 10.00, 1},
      {"BM.GPU.H200.8", api::Provider::OKE, "H200", 8, 10.00, 1},
      {"BM.GPU.A100-v2.8", api::Provider::OKE, "A100-80GB", 8, 4.00, 1},
      {"BM.GPU.B200.8", api::Provider::OKE, "B200", 8, 14.00, 1},
      {"VM.GPU.A10.2", api::Provider::OKE, "A10", 2, 2.00, 1},
      {"BM.GPU.A10.4", api::Provider::OKE, "A10", 4, 2.00, 1},
      {"gd-8xh100ib-i128", api::Provider::CoreWeave, "H100", 8, 6.155, 1},
      {"gd-8xh200ib-i128", api::Provider::CoreWeave, "H200", 8, 6.305, 1},
      {"gd-8xa100-i128", api::Provider::CoreWeave, "A100-80GB", 8, 2.700, 1},
      {"b200-8x", api::Provider::CoreWeave, "B200", 8, 8.600, 1},
      {"gb200-4x", api::Provider::CoreWeave, "GB200", 4, 10.500, 18},
  };
  for (const auto& r : rows) {
    CAPTURE(r.name);
    const MachineType* m = find_machine_type(r.name);
    REQUIRE(m);
    CHECK(m->provider == r.p);
    CHECK(m->gpu_type == r.gpu);
    CHECK(m->gpus_per_node == r.gpn);
    CHECK(m->price == static_cast<PriceMicros>(r.price * 1e6 + 0.5));
    CHECK(m->rack_size == r.rack);
  }
  CHECK(find_machine_type("standard_nd96isr_h100_v5"));  // Azure sizes are case-insensitive
  CHECK_FALSE(find_machine_type("n1-standard-4"));
  CHECK_FALSE(find_machine_type("a4-highgpu-8g")->price);  // no trustworthy price
}

TEST_CASE("prices parse exactly") {
  CHECK(parse_price("6.155") == 6'155'000);
  CHECK(parse_price("12") == 12'000'000);
  CHECK(parse_price("0.0000019") == 1);  // fraction past 6 digits is dropped
  CHECK_FALSE(parse_price("1.2.3"));
  CHECK_FALSE(parse_price(""));
  CHECK_FALSE(parse_price("-1"));
  CHECK(format_price(6'155'000) == "6.155");
}

TEST_CASE("nodes = GPUs / GPUs per node, rounded up, in whole racks") {
  CHECK(nodes_for_gpus(64, 8, 1) == 8);
  CHECK(nodes_for_gpus(60, 8, 1) == 8);
  CHECK(nodes_for_gpus(1, 8, 1) == 1);
  CHECK(nodes_for_gpus(0, 8, 1) == 0);
  CHECK(nodes_for_gpus(72, 4, 18) == 18);
  CHECK(nodes_for_gpus(73, 4, 18) == 36);
  CHECK(nodes_for_gpus(7, 2, 1) == 4);
}

TEST_CASE("size_target: catalogue, overrides, racks and bounds") {
  SUBCASE("catalogue row") {
    auto s = size_target(target("a", "a3-highgpu-8g"), "H100", api::Provider::GKE);
    CHECK_FALSE(s.invalid);
    CHECK(s.gpus_per_node == 8);
    CHECK(s.price == 11'061'000);
    CHECK(s.provider == api::Provider::GKE);
  }
  SUBCASE("pricePerGPUHour overrides the catalogue") {
    auto t = target("a", "a3-highgpu-8g");
    t.price_per_gpu_hour = "4.5";
    CHECK(size_target(t, "H100", std::nullopt).price == 4'500'000);
  }
  SUBCASE("rack type: minNodes rounds up and maxNodes down to multiples of 18") {
    auto t = target("gb", "gb200-4x");
    t.min_nodes = 10;
    t.max_nodes = 40;
    auto s = size_target(t, "GB200", api::Provider::CoreWeave);
    CHECK(s.rack == 18);
    CHECK(s.lo == 18);
    CHECK(s.hi == 36);
  }
  SUBCASE("unknown machine type without gpusPerNode is invalid, with gpusPerNode it works") {
    auto t = target("x", "custom-gpu-box");
    auto s = size_target(t, "H100", std::nullopt);
    REQUIRE(s.invalid);
    CHECK(s.invalid->reason == "UnknownMachineType");
    CHECK(s.invalid->message.find("custom-gpu-box") != std::string::npos);
    t.gpus_per_node = 4;
    auto ok = size_target(t, "H100", std::nullopt);
    CHECK_FALSE(ok.invalid);
    CHECK(ok.gpus_per_node == 4);
    CHECK_FALSE(ok.price);
  }
  SUBCASE("OKE autoscaling is invalid") {
    auto t = target("o", "BM.GPU.H100.8");
    t.autoscaling = true;
    t.max_nodes = 4;
    auto s = size_target(t, "H100", api::Provider::OKE);
    REQUIRE(s.invalid);
    CHECK(s.invalid->reason == "AutoscalingUnsupported");
    CHECK(s.invalid->message.find("OKE has no node-pool autoscaler") != std::string::npos);
  }
  SUBCASE("GPU model and provider must match the machine type") {
    CHECK(size_target(target("a", "a3-ultragpu-8g"), "H100", std::nullopt).invalid->reason == "GPUTypeMismatch");
    CHECK(size_target(target("a", "a3-highgpu-8g"), "h100", std::nullopt).invalid == std::nullopt);
    CHECK(size_target(target("a", "a3-highgpu-8g"), "H100", api::Provider::AKS).invalid->reason == "ProviderMismatch");
  }
  SUBCASE("minNodes above maxNodes after rack rounding") {
    auto t = target("gb", "gb200-4x");
    t.min_nodes = 1;
    t.max_nodes = 17;  // rounds to 18..0
    CHECK(size_target(t, "GB200", std::nullopt).invalid->reason == "InvalidBounds");
  }
}

TEST_CASE("GKE node counts are per zone: totals come in multiples of the zone count") {
  auto t = target("gke", "a3-highgpu-8g");
  CHECK(zone_multiple(t, api::Provider::GKE, std::nullopt) == 1);
  cloud::NodePool regional;
  regional.zones = {"us-central1-a", "us-central1-b", "us-central1-c"};
  CHECK(zone_multiple(t, api::Provider::GKE, regional) == 3);
  t.zones = {"us-central1-a", "us-central1-b"};
  CHECK(zone_multiple(t, api::Provider::GKE, regional) == 2);
  CHECK(zone_multiple(t, api::Provider::AKS, regional) == 1);
  t.min_nodes = 1;
  auto s = size_target(t, "H100", api::Provider::GKE, 2);
  CHECK(s.rack == 2);
  CHECK(s.lo == 2);
  CHECK(nodes_for_gpus(40, s.gpus_per_node, s.rack) == 6);
}
