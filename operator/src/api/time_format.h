#pragma once
// API timestamps: metav1.Time is RFC 3339 with seconds ("2026-01-02T15:04:05Z");
// metav1.MicroTime (Lease renewTime, Event eventTime) has six fractional digits.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gpupool::api {

std::string format_time(std::chrono::system_clock::time_point t);
std::string format_micro_time(std::chrono::system_clock::time_point t);
// Accepts "…Z" or "…+hh:mm" with optional fraction; nullopt if malformed.
std::optional<std::chrono::system_clock::time_point> parse_time(std::string_view s);

}  // namespace gpupool::api
