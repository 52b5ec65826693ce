#pragma once
// metav1.Condition and the meta.SetStatusCondition rules: lastTransitionTime
// changes only when status changes; reason/message/observedGeneration are
// updated in place.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace gpupool::api {

class Decoder;

inline constexpr std::string_view kConditionTrue = "True";
inline constexpr std::string_view kConditionFalse = "False";
inline constexpr std::string_view kConditionUnknown = "Unknown";

struct Condition {
  std::string type;
  std::string status = "Unknown";  // True | False | Unknown
  long long observed_generation = 0;
  std::string last_transition_time;  // RFC 3339
  std::string reason;
  std::string message;

  bool operator==(const Condition&) const = default;
  nlohmann::json to_json() const;
};

// Adds or updates `c` by type. `now` (RFC 3339) becomes lastTransitionTime
// when the condition is new or its status changed. Returns true if anything
// observable changed (so callers write status only when needed).
bool set_condition(std::vector<Condition>& conditions, Condition c, const std::string& now);
// nullptr when absent.
const Condition* find_condition(const std::vector<Condition>& conditions, std::string_view type);
bool is_condition_true(const std::vector<Condition>& conditions, std::string_view type);
// Removes by type; true if one was removed.
bool remove_condition(std::vector<Condition>& conditions, std::string_view type);

// status.conditions decoding; entries without a type are dropped.
void decode_conditions(Decoder& d, const nlohmann::json& status, const std::string& path,
                       std::vector<Condition>& out);
nlohmann::json conditions_to_json(const std::vector<Condition>& conditions);

}  // namespace gpupool::api
