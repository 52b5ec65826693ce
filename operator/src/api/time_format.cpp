#include "api/time_format.h"

#include <cstdio>
#include <ctime>

namespace gpupool::api {
namespace {

std::string format(std::chrono::system_clock::time_point t, bool micro) {
  auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
  if (secs > t) secs -= std::chrono::seconds(1);  // floor for pre-epoch times
  std::time_t tt = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[48];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  if (micro) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(t - secs).count();
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(us));
    out += buf;
  }
  return out + "Z";
}

}  // namespace

std::string format_time(std::chrono::system_clock::time_point t) { return format(t, false); }
std::string format_micro_time(std::chrono::system_clock::time_point t) { return format(t, true); }

std::optional<std::chrono::system_clock::time_point> parse_time(std::string_view s) {
  std::tm tm{};
  std::string str(s);
  int consumed = 0;
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &consumed) != 6 || consumed != 19)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  auto t = std::chrono::system_clock::from_time_t(timegm(&tm));
  std::size_t i = 19;
  if (i < str.size() && str[i] == '.') {
    std::size_t start = ++i;
    while (i < str.size() && str[i] >= '0' && str[i] <= '9') ++i;
    std::string frac = (str.substr(start, i - start) + "000000").substr(0, 6);
    t += std::chrono::microseconds(std::stoll(frac));
  }
  std::string_view zone = s.substr(i);
  if (zone == "Z") return t;
  int zh = 0, zm = 0;
  if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') &&
      std::sscanf(std::string(zone.substr(1)).c_str(), "%2d:%2d", &zh, &zm) == 2) {
    auto off = std::chrono::hours(zh) + std::chrono::minutes(zm);
    return zone[0] == '+' ? t - off : t + off;
  }
  return std::nullopt;
}

}  // namespace gpupool::api
