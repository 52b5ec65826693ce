#include "metrics/bind_address.h"

#include <charconv>

namespace gpupool::metrics {

Result<std::optional<BindAddress>> parse_bind_address(std::string_view s) {
  if (s == "0") return std::optional<BindAddress>();
  auto colon = s.rfind(':');
  if (colon == std::string_view::npos)
    return fail(ErrorCode::InvalidArgument, "invalid bind address \"" + std::string(s) + "\": want [host]:port or 0");
  BindAddress a;
  a.host = std::string(s.substr(0, colon));
  if (a.host == "localhost") a.host = "127.0.0.1";
  std::string_view port = s.substr(colon + 1);
  auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), a.port);
  if (ec != std::errc() || p != port.data() + port.size() || port.empty() || a.port < 0 || a.port > 65535)
    return fail(ErrorCode::InvalidArgument, "invalid port in bind address \"" + std::string(s) + "\"");
  return std::optional<BindAddress>(a);
}

}  // namespace gpupool::metrics
