#pragma once
// controller-runtime style bind addresses: ":8080" (all interfaces),
// "127.0.0.1:8080", "0" (disabled). Port 0 asks the OS for a free port.
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace gpupool::metrics {

struct BindAddress {
  std::string host;  // "" = all interfaces (IPv4)
  int port = 0;
};

// nullopt value = disabled ("0"); InvalidArgument on anything malformed.
Result<std::optional<BindAddress>> parse_bind_address(std::string_view s);

}  // namespace gpupool::metrics
