#include "api/duration.h"

#include <cmath>
#include <utility>

namespace gpupool::api {
namespace {

// Nanoseconds per unit; nullopt if `u` is not a unit.
std::optional<double> unit_ns(std::string_view u) {
  static const std::pair<std::string_view, double> kUnits[] = {
      {"ns", 1.0}, {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
  for (const auto& [name, ns] : kUnits)
    if (name == u) return ns;
  return std::nullopt;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view s) {
  if (s == "0") return std::chrono::milliseconds(0);
  if (s.empty()) return std::nullopt;
  double total_ns = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    while (i < s.size() && (is_digit(s[i]) || s[i] == '.')) ++i;
    std::string_view num = s.substr(start, i - start);
    if (num.empty() || num == "." || num.find('.') != num.rfind('.')) return std::nullopt;
    std::size_t ustart = i;
    while (i < s.size() && !is_digit(s[i]) && s[i] != '.') ++i;
    auto ns = unit_ns(s.substr(ustart, i - ustart));
    if (!ns) return std::nullopt;
    total_ns += std::stod(std::string(num)) * *ns;
  }
  if (total_ns > 9.2e18) return std::nullopt;  // beyond int64 nanoseconds, as Go rejects
  return std::chrono::milliseconds(static_cast<long long>(std::floor(total_ns / 1e6)));
}

std::string format_duration(std::chrono::milliseconds d) {
  long long ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms >= 3600000) { out += std::to_string(ms / 3600000) + "h"; ms %= 3600000; }
  if (ms >= 60000) { out += std::to_string(ms / 60000) + "m"; ms %= 60000; }
  if (ms == 0) return out;
  if (out.empty() && ms < 1000) return std::to_string(ms) + "ms";
  std::string frac = std::to_string(1000 + ms % 1000).substr(1);  // zero-padded millis
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return out + std::to_string(ms / 1000) + (frac.empty() ? "" : "." + frac) + "s";
}

}  // namespace gpupool::api
