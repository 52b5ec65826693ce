#pragma once
// Decoding of request targets the way Go's net/url does, so selectors such as
// `labelSelector=env+in+(a,b)` reach handlers exactly as kubectl meant them.
#include <map>
#include <string>
#include <string_view>

namespace gpupool::sim {

// Decodes %XX escapes; with plus_is_space also '+' -> ' ' (query strings).
// Malformed escapes are kept literally rather than rejected.
std::string percent_decode(std::string_view s, bool plus_is_space);

// Splits "a=1&b=x%20y&a=2" into decoded (name, value) pairs, keeping repeats
// in order. "flag" without '=' maps to "".
std::multimap<std::string, std::string> parse_query(std::string_view raw);

}  // namespace gpupool::sim
