#include "controller/predicates.h"

#include <algorithm>

namespace gpupool::controller {

namespace {
std::string digest_of(std::vector<std::string> parts) {
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& p : parts) out += p + ";";
  return out;
}
}  // namespace

std::string conditions_digest(const std::vector<api::Condition>& conditions) {
  std::vector<std::string> parts;
  for (const auto& c : conditions)
    parts.push_back(c.type + "|" + c.status + "|" + c.reason + "|" + std::to_string(c.observed_generation));
  return digest_of(std::move(parts));
}

std::string conditions_digest(const kube::json& conditions) {
  std::vector<std::string> parts;
  if (!conditions.is_array()) return "";
  for (const auto& c : conditions) {
    if (!c.is_object()) continue;
    auto s = [&](const char* k) {
      auto it = c.find(k);
      return it == c.end() ? std::string() : it->is_string() ? it->get<std::string>() : it->dump();
    };
    parts.push_back(s("type") + "|" + s("status") + "|" + s("reason") + "|" + s("observedGeneration"));
  }
  return digest_of(std::move(parts));
}

}  // namespace gpupool::controller
