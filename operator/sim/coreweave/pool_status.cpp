#include "sim/coreweave/pool_status.h"

#include <ctime>

namespace gpupool::sim::coreweave {

namespace {
using nlohmann::json;

std::string previous_transition(const json& old_status, const std::string& type, const std::string& status) {
  if (!old_status.is_object() || !old_status.contains("conditions") || !old_status["conditions"].is_array()) return "";
  for (const auto& c : old_status["conditions"])
    if (c.is_object() && c.value("type", "") == type && c.value("status", "") == status)
      return c.value("lastTransitionTime", "");
  return "";
}

json condition(const json& old_status, const std::string& type, bool ok, const std::string& reason,
               const std::string& message, long generation, const std::string& now) {
  const std::string status = ok ? "True" : "False";
  std::string since = previous_transition(old_status, type, status);
  return {{"type", type},
          {"status", status},
          {"observedGeneration", generation},
          {"lastTransitionTime", since.empty() ? now : since},
          {"reason", reason},
          {"message", message}};
}
}  // namespace

std::string rfc3339(std::chrono::system_clock::time_point t) {
  std::time_t s = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

json pool_status(const json& old_status, const StepOutcome& o, long generation,
                 std::chrono::system_clock::time_point now) {
  const std::string at = rfc3339(now);
  // Over quota the pool fails validation as a whole (cloud-apis.md §4.5).
  const bool quota = o.reason == kQuotaExceeded;
  json conditions = json::array({
      condition(old_status, "Validated", !quota, quota ? kQuotaExceeded : "Valid",
                quota ? o.message : "node pool configuration is valid", generation, at),
      condition(old_status, "AtTarget", o.at_target, o.reason, o.message, generation, at),
  });
  return {{"currentNodes", o.current}, {"conditions", conditions}};
}

}  // namespace gpupool::sim::coreweave
