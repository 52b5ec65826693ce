#pragma once
// Request validation for the simulated OKE: CreateNodePoolDetails and
// UpdateNodePoolDetails checked against the simulator's cluster (compartment,
// cluster, ADs, subnets) and shape catalogue, plus list paging tokens.
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/oke/oke_sim.h"

namespace gpupool::sim::oke {

struct Pool;

struct BadRequest {
  int status = 400;
  std::string code, message;
};

// Fills name, shape, info, details, size and placements of `p`.
std::optional<BadRequest> parse_create(const std::string& body, const OkeSimOptions& o, Pool& p);
// Validates an UpdateNodePoolDetails body for `p`; on success sets `size`
// and `placements` (unchanged when absent).
std::optional<BadRequest> parse_update(const nlohmann::json& body, const OkeSimOptions& o, const Pool& p, int& size,
                                       nlohmann::json& placements);

struct Page {
  std::size_t offset = 0, limit = 0;
};
// limit (1..1000, default `page_size`) and an opc-next-page token.
std::optional<Page> parse_page(const std::optional<std::string>& limit, const std::optional<std::string>& page,
                               int page_size);
std::string page_token(std::size_t offset);

}  // namespace gpupool::sim::oke
