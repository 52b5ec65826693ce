#include "api/condition.h"

#include <algorithm>

#include "api/decode.h"

namespace gpupool::api {

nlohmann::json Condition::to_json() const {
  return {{"type", type},
          {"status", status},
          {"observedGeneration", observed_generation},
          {"lastTransitionTime", last_transition_time},
          {"reason", reason},
          {"message", message}};
}

bool set_condition(std::vector<Condition>& conditions, Condition c, const std::string& now) {
  auto it = std::find_if(conditions.begin(), conditions.end(), [&](const Condition& x) { return x.type == c.type; });
  if (it == conditions.end()) {
    if (c.last_transition_time.empty()) c.last_transition_time = now;
    conditions.push_back(std::move(c));
    return true;
  }
  Condition next = std::move(c);
  next.last_transition_time = it->status == next.status ? it->last_transition_time
                              : next.last_transition_time.empty() ? now
                                                                  : next.last_transition_time;
  if (next == *it) return false;
  *it = std::move(next);
  return true;
}

const Condition* find_condition(const std::vector<Condition>& conditions, std::string_view type) {
  for (const auto& c : conditions)
    if (c.type == type) return &c;
  return nullptr;
}

bool is_condition_true(const std::vector<Condition>& conditions, std::string_view type) {
  const Condition* c = find_condition(conditions, type);
  return c && c->status == kConditionTrue;
}

bool remove_condition(std::vector<Condition>& conditions, std::string_view type) {
  auto n = std::erase_if(conditions, [&](const Condition& c) { return c.type == type; });
  return n > 0;
}

void decode_conditions(Decoder& d, const nlohmann::json& status, const std::string& path,
                       std::vector<Condition>& out) {
  const json* arr = d.array(status, path, "conditions");
  if (!arr) return;
  std::string p = join_path(path, "conditions");
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const json& e = (*arr)[i];
    std::string ip = index_path(p, i);
    if (!e.is_object()) { d.fail(ip, "expected object, got " + Decoder::type_name(e)); continue; }
    Condition c;
    d.field(e, ip, "type", c.type);
    d.field(e, ip, "status", c.status);
    d.field(e, ip, "observedGeneration", c.observed_generation);
    d.field(e, ip, "lastTransitionTime", c.last_transition_time);
    d.field(e, ip, "reason", c.reason);
    d.field(e, ip, "message", c.message);
    if (!c.type.empty()) out.push_back(std::move(c));
  }
}

nlohmann::json conditions_to_json(const std::vector<Condition>& conditions) {
  auto arr = nlohmann::json::array();
  for (const auto& c : conditions) arr.push_back(c.to_json());
  return arr;
}

}  // namespace gpupool::api
