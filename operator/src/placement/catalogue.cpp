#include "placement/catalogue.h"

#include <algorithm>
#include <cctype>

namespace gpupool::placement {
namespace {

using P = api::Provider;

constexpr std::optional<PriceMicros> usd(double per_gpu_hour) {
  return static_cast<PriceMicros>(per_gpu_hour * 1e6 + 0.5);
}
constexpr std::optional<PriceMicros> kUnknown = std::nullopt;

// NVL72 racks: CKS refuses partial gb200-4x racks (hard rule in the
// catalogue, §3.4). The other NVL72 types (a4x-*, ND128isr_*_v6,
// BM.GPU.GB200.4/GB300.4, gb300-4x) are "unverified" there, so they stay 1.
constexpr int kNvl72Rack = 18;

// Prices: GKE us-central1 (a3-megagpu-8g: us-east4), AKS westus2 (MI300X:
// eastus2), OKE global list price, CKS North America; see the catalogue file.
const std::vector<MachineType> kTypes = {
    {"a2-highgpu-1g", P::GKE, "A100-40GB", 1, usd(3.673)},
    {"a2-highgpu-2g", P::GKE, "A100-40GB", 2, usd(3.673)},
    {"a2-highgpu-4g", P::GKE, "A100-40GB", 4, usd(3.673)},
    {"a2-highgpu-8g", P::GKE, "A100-40GB", 8, usd(3.673)},
    {"a2-megagpu-16g", P::GKE, "A100-40GB", 16, usd(3.484)},
    {"a2-ultragpu-1g", P::GKE, "A100-80GB", 1, usd(5.069)},
    {"a2-ultragpu-2g", P::GKE, "A100-80GB", 2, usd(5.069)},
    {"a2-ultragpu-4g", P::GKE, "A100-80GB", 4, usd(5.069)},
    {"a2-ultragpu-8g", P::GKE, "A100-80GB", 8, usd(5.069)},
    {"a3-highgpu-1g", P::GKE, "H100", 1, usd(11.061)},
    {"a3-highgpu-2g", P::GKE, "H100", 2, usd(11.061)},
    {"a3-highgpu-4g", P::GKE, "H100", 4, usd(11.061)},
    {"a3-highgpu-8g", P::GKE, "H100", 8, usd(11.061)},
    {"a3-megagpu-8g", P::GKE, "H100", 8, usd(11.617)},
    {"a3-edgegpu-8g", P::GKE, "H100", 8, kUnknown},
    {"a3-ultragpu-8g", P::GKE, "H200", 8, usd(10.845)},
    {"a4-highgpu-8g", P::GKE, "B200", 8, kUnknown},
    {"a4x-highgpu-4g", P::GKE, "GB200", 4, kUnknown},
    {"a4x-maxgpu-4g-metal", P::GKE, "GB300", 4, kUnknown},
    {"g2-standard-4", P::GKE, "L4", 1, usd(0.707)},
    {"g2-standard-8", P::GKE, "L4", 1, usd(0.854)},
    {"g2-standard-12", P::GKE, "L4", 1, usd(1.000)},
    {"g2-standard-16", P::GKE, "L4", 1, usd(1.147)},
    {"g2-standard-24", P::GKE, "L4", 2, usd(1.000)},
    {"g2-standard-32", P::GKE, "L4", 1, usd(1.734)},
    {"g2-standard-48", P::GKE, "L4", 4, usd(1.000)},
    {"g2-standard-96", P::GKE, "L4", 8, usd(1.000)},
    {"g4-standard-48", P::GKE, "RTX-PRO-6000", 1, usd(4.500)},
    {"g4-standard-96", P::GKE, "RTX-PRO-6000", 2, usd(4.500)},
    {"g4-standard-192", P::GKE, "RTX-PRO-6000", 4, usd(4.500)},
    {"g4-standard-384", P::GKE, "RTX-PRO-6000", 8, usd(4.500)},
    {"Standard_ND96isr_H100_v5", P::AKS, "H100", 8, usd(12.290)},
    {"Standard_ND96isr_H200_v5", P::AKS, "H200", 8, usd(10.600)},
    {"Standard_ND96asr_v4", P::AKS, "A100-40GB", 8, usd(3.400)},
    {"Standard_ND96asr_A100_v4", P::AKS, "A100-40GB", 8, usd(3.400)},  // pricing-data alias of ND96asr_v4
    {"Standard_ND96amsr_A100_v4", P::AKS, "A100-80GB", 8, usd(4.096)},
    {"Standard_NC40ads_H100_v5", P::AKS, "H100-NVL", 1, usd(6.980)},
    {"Standard_NC80adis_H100_v5", P::AKS, "H100-NVL", 2, usd(6.980)},
    {"Standard_NCC40ads_H100_v5", P::AKS, "H100-NVL", 1, kUnknown},  // not priced in westus2
    {"Standard_NC24ads_A100_v4", P::AKS, "A100-80GB", 1, usd(3.673)},
    {"Standard_NC48ads_A100_v4", P::AKS, "A100-80GB", 2, usd(3.673)},
    {"Standard_NC96ads_A100_v4", P::AKS, "A100-80GB", 4, usd(3.673)},
    {"Standard_NV36ads_A10_v5", P::AKS, "A10", 1, usd(3.200)},
    {"Standard_NV36adms_A10_v5", P::AKS, "A10", 1, usd(4.520)},
    {"Standard_NV72ads_A10_v5", P::AKS, "A10", 2, usd(3.260)},
    {"Standard_ND128isr_NDR_GB200_v6", P::AKS, "GB200", 4, usd(27.040)},
    {"Standard_ND128isr_GB300_v6", P::AKS, "GB300", 4, kUnknown},
    {"Standard_ND96isr_MI300X_v5", P::AKS, "MI300X", 8, usd(6.000)},
    {"BM.GPU.H100.8", P::OKE, "H100", 8, usd(10.00)},
    {"BM.GPU.H200.8", P::OKE, "H200", 8, usd(10.00)},
    {"BM.GPU.A100-v2.8", P::OKE, "A100-80GB", 8, usd(4.00)},
    {"BM.GPU4.8", P::OKE, "A100-40GB", 8, usd(3.05)},
    {"BM.GPU.B200.8", P::OKE, "B200", 8, usd(14.00)},
    {"BM.GPU.GB200.4", P::OKE, "GB200", 4, usd(16.00)},
    {"BM.GPU.L40S.4", P::OKE, "L40S", 4, usd(3.50)},
    {"BM.GPU.A10.4", P::OKE, "A10", 4, usd(2.00)},
    {"VM.GPU.A10.1", P::OKE, "A10", 1, usd(2.00)},
    {"VM.GPU.A10.2", P::OKE, "A10", 2, usd(2.00)},
    {"BM.GPU.MI300X.8", P::OKE, "MI300X", 8, usd(6.00)},
    {"BM.GPU.MI355X.8", P::OKE, "MI355X", 8, usd(8.60)},
    {"BM.GPU.B300.8", P::OKE, "B300", 8, usd(15.00)},
    {"BM.GPU.GB300.4", P::OKE, "GB300", 4, usd(18.00)},
    {"BM.GPU.RTXPRO.8", P::OKE, "RTX-PRO-6000", 8, usd(4.50)},
    {"gd-8xh100ib-i128", P::CoreWeave, "H100", 8, usd(6.155)},
    {"gd-8xh200ib-i128", P::CoreWeave, "H200", 8, usd(6.305)},
    {"gd-8xa100-i128", P::CoreWeave, "A100-80GB", 8, usd(2.700)},
    {"b200-8x", P::CoreWeave, "B200", 8, usd(8.600)},
    {"b300-8x", P::CoreWeave, "B300", 8, kUnknown},
    {"gb200-4x", P::CoreWeave, "GB200", 4, usd(10.500), kNvl72Rack},
    {"gb300-4x", P::CoreWeave, "GB300", 4, kUnknown},
    {"gd-8xl40s-i128", P::CoreWeave, "L40S", 8, usd(2.250)},
    {"gd-8xl40-i128", P::CoreWeave, "L40", 8, usd(1.250)},
    {"rtxp6000-8x", P::CoreWeave, "RTX-PRO-6000", 8, usd(2.500)},
    {"gd-1xgh200", P::CoreWeave, "GH200", 1, usd(6.500)},
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

const std::vector<MachineType>& machine_types() { return kTypes; }

const MachineType* find_machine_type(std::string_view name) {
  for (const auto& m : kTypes)
    if (iequals(m.name, name)) return &m;
  return nullptr;
}

std::optional<PriceMicros> parse_price(std::string_view s) {
  auto dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (!all_digits(whole) || (dot != std::string_view::npos && !all_digits(frac)) || whole.size() > 9)
    return std::nullopt;
  PriceMicros v = std::stoll(std::string(whole)) * 1'000'000;
  PriceMicros scale = 100'000;
  for (std::size_t i = 0; i < frac.size() && i < 6; ++i, scale /= 10) v += (frac[i] - '0') * scale;
  return v;
}

std::string format_price(PriceMicros micros) {
  std::string frac = std::to_string(1'000'000 + micros % 1'000'000).substr(1);
  while (frac.size() > 1 && frac.back() == '0') frac.pop_back();
  return std::to_string(micros / 1'000'000) + "." + frac;
}

}  // namespace gpupool::placement
