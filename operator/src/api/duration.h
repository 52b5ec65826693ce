#pragma once
// Go-style durations as used in CRD specs ("5m", "1h30m", "1.5s", "300ms").
// Units: ns, us (or µs), ms, s, m, h; a bare "0" is zero. No sign allowed:
// negative backoffs/timeouts are meaningless here.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gpupool::api {

// Rounded down to milliseconds; nullopt on a malformed string.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view s);
// Shortest Go-like spelling: 90000ms -> "1m30s", 1500ms -> "1.5s", 0 -> "0s".
std::string format_duration(std::chrono::milliseconds d);

}  // namespace gpupool::api
