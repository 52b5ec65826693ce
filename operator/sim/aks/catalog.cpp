#include "sim/aks/catalog.h"

#include <strings.h>

namespace gpupool::sim::aks {

std::optional<VmSize> find_vm_size(const std::string& name) {
  static const VmSize kSizes[] = {
      {"Standard_ND96isr_H100_v5", 96, 8, "standardNDSH100v5Family"},
      {"Standard_ND96isr_H200_v5", 96, 8, "standardNDISRH200V5Family"},
      {"Standard_ND96asr_v4", 96, 8, "Standard NDASv4_A100 Family"},
      {"Standard_ND96amsr_A100_v4", 96, 8, "standard NDAMSv4_A100Family"},
      {"Standard_NC40ads_H100_v5", 40, 1, "StandardNCadsH100v5Family"},
      {"Standard_NC80adis_H100_v5", 80, 2, "StandardNCadsH100v5Family"},
      {"Standard_NCC40ads_H100_v5", 40, 1, "StandardNCCads2023Family"},
      {"Standard_NC24ads_A100_v4", 24, 1, "StandardNCADSA100v4Family"},
      {"Standard_NC48ads_A100_v4", 48, 2, "StandardNCADSA100v4Family"},
      {"Standard_NC96ads_A100_v4", 96, 4, "StandardNCADSA100v4Family"},
      {"Standard_NV36ads_A10_v5", 36, 1, "StandardNVADSA10v5Family"},
      {"Standard_NV36adms_A10_v5", 36, 1, "StandardNVADSA10v5Family"},
      {"Standard_NV72ads_A10_v5", 72, 2, "StandardNVADSA10v5Family"},
      {"Standard_ND128isr_NDR_GB200_v6", 128, 4, "standardNDISRGB200V6NDRFamily"},
      {"Standard_ND96isr_MI300X_v5", 96, 8, "standardNDISv5MI300XFamily"},
      // General-purpose sizes for system pools.
      {"Standard_D4s_v5", 4, 0, "standardDSv5Family"},
      {"Standard_D8s_v5", 8, 0, "standardDSv5Family"},
      {"Standard_DS2_v2", 2, 0, "standardDSv2Family"},
  };
  for (const auto& s : kSizes)
    if (strcasecmp(s.name.c_str(), name.c_str()) == 0) return s;
  return std::nullopt;
}

}  // namespace gpupool::sim::aks
