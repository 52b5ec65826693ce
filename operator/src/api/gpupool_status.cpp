// GPUPool status codec. Decoding is lenient (we wrote it; a bad field is
// dropped, never fatal); encoding emits every field the CRD schema lists.
#include "api/decode.h"
#include "api/gpupool.h"

namespace gpupool::api {
namespace {

TargetStatus decode_target_status(Decoder& d, const json& t, const std::string& p) {
  TargetStatus x;
  d.field(t, p, "name", x.name);
  d.field(t, p, "provider", x.provider);
  d.field(t, p, "nodePool", x.node_pool);
  d.field(t, p, "desiredNodes", x.desired_nodes);
  d.field(t, p, "currentNodes", x.current_nodes);
  d.field(t, p, "readyNodes", x.ready_nodes);
  d.field(t, p, "state", x.state);
  d.field(t, p, "backoffUntil", x.backoff_until);
  d.field(t, p, "provisioningSince", x.provisioning_since);
  if (const json* e = d.object(t, p, "lastError")) {
    TargetError err;
    d.field(*e, p + ".lastError", "reason", err.reason);
    d.field(*e, p + ".lastError", "message", err.message);
    d.field(*e, p + ".lastError", "time", err.time);
    x.last_error = err;
  }
  return x;
}

PlanStep decode_plan_step(Decoder& d, const json& s, const std::string& p) {
  PlanStep x;
  d.field(s, p, "target", x.target);
  d.field(s, p, "action", x.action);
  d.field(s, p, "fromNodes", x.from_nodes);
  d.field(s, p, "toNodes", x.to_nodes);
  d.field(s, p, "reason", x.reason);
  return x;
}

json target_status_json(const TargetStatus& t) {
  json j{{"name", t.name},
         {"desiredNodes", t.desired_nodes}, {"currentNodes", t.current_nodes}, {"readyNodes", t.ready_nodes},
         {"state", t.state}};
  // provider is an enum in the CRD: leave it out while unknown (e.g. the
  // CloudCluster is missing) rather than writing "" and failing validation.
  if (!t.provider.empty()) j["provider"] = t.provider;
  if (!t.node_pool.empty()) j["nodePool"] = t.node_pool;
  if (!t.backoff_until.empty()) j["backoffUntil"] = t.backoff_until;
  if (!t.provisioning_since.empty()) j["provisioningSince"] = t.provisioning_since;
  if (t.last_error)
    j["lastError"] = {{"reason", t.last_error->reason}, {"message", t.last_error->message}, {"time", t.last_error->time}};
  return j;
}

}  // namespace

GPUPoolStatus GPUPoolStatus::from_json(const nlohmann::json& status) {
  GPUPoolStatus s;
  if (!status.is_object()) return s;
  Decoder d;
  d.field(status, "status", "observedGeneration", s.observed_generation);
  d.field(status, "status", "desiredGPUs", s.desired_gpus);
  d.field(status, "status", "readyGPUs", s.ready_gpus);
  decode_conditions(d, status, "status", s.conditions);
  if (const json* arr = d.array(status, "status", "targets"))
    for (std::size_t i = 0; i < arr->size(); ++i)
      if ((*arr)[i].is_object()) s.targets.push_back(decode_target_status(d, (*arr)[i], index_path("status.targets", i)));
  if (const json* arr = d.array(status, "status", "plan"))
    for (std::size_t i = 0; i < arr->size(); ++i)
      if ((*arr)[i].is_object()) s.plan.push_back(decode_plan_step(d, (*arr)[i], index_path("status.plan", i)));
  return s;
}

nlohmann::json GPUPoolStatus::to_json() const {
  json targets_j = json::array(), plan_j = json::array();
  for (const auto& t : targets) targets_j.push_back(target_status_json(t));
  for (const auto& p : plan)
    plan_j.push_back({{"target", p.target}, {"action", p.action}, {"fromNodes", p.from_nodes},
                      {"toNodes", p.to_nodes}, {"reason", p.reason}});
  return {{"observedGeneration", observed_generation},
          {"desiredGPUs", desired_gpus},
          {"readyGPUs", ready_gpus},
          {"conditions", conditions_to_json(conditions)},
          {"targets", targets_j},
          {"plan", plan_j}};
}

}  // namespace gpupool::api
