#include "sim/aks/ids.h"

#include <ctime>

#include "sim/server/tls.h"

namespace gpupool::sim::aks {

std::string guid() {
  std::string h = tls::random_token();  // 64 random hex chars
  h[12] = '4';                          // version 4
  h[16] = "89ab"[h[16] % 4];            // RFC 4122 variant
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20, 12);
}

std::string random_secret() {
  std::string t = tls::random_token();
  return "sim" + t.substr(0, 5) + "~" + t.substr(5, 32);
}

std::string rfc3339(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string base64url(std::string_view data) {
  std::string b = tls::base64_encode(data);
  while (!b.empty() && b.back() == '=') b.pop_back();
  for (auto& c : b) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return b;
}

}  // namespace gpupool::sim::aks
