#include "controller/gpupool_status.h"

#include <algorithm>

#include "api/object_ref.h"
#include "api/resources.h"
#include "api/time_format.h"
#include "placement/memory.h"

namespace gpupool::controller {
namespace {

const api::TargetStatus* previous(const api::GPUPool& pool, const std::string& target) {
  for (const auto& t : pool.status.targets)
    if (t.name == target) return &t;
  return nullptr;
}

api::TargetStatus target_entry(const placement::TargetAction& a, const placement::TargetObservation& o, bool mutate) {
  api::TargetStatus s = placement::target_status(a, o, mutate);
  // Persisted so a restart does not restart the provisioning timeout.
  if (a.memory.provisioning_since) s.provisioning_since = api::format_time(*a.memory.provisioning_since);
  return s;
}

}  // namespace

void mark_conflicts(placement::Decision& d, const Observed& observed, const api::GPUPool& pool,
                    const std::string& now) {
  for (auto& a : d.targets) {
    auto ref = observed.refs.find(a.target);
    if (ref == observed.refs.end() || ref->second.conflict.empty()) continue;
    a.kind = placement::ActionKind::None;
    a.state = a.memory.state = placement::TargetState::Error;
    a.reason = "NameConflict: " + ref->second.conflict;
    std::string at = now;
    const api::TargetStatus* prev = previous(pool, a.target);
    if (prev && prev->last_error && prev->last_error->reason == "NameConflict" &&
        prev->last_error->message == ref->second.conflict)
      at = prev->last_error->time;
    a.memory.last_error = api::TargetError{"NameConflict", ref->second.conflict, at};
    // decide() saw an unowned pool (InvalidTarget); say what it really is.
    for (auto& e : d.events)
      if (e.reason == "InvalidTarget" && e.message.rfind("target " + a.target + ": ", 0) == 0) {
        e.reason = "NameConflict";
        e.message = "target " + a.target + ": " + ref->second.conflict;
      }
  }
  d.plan.erase(std::remove_if(d.plan.begin(), d.plan.end(),
                              [&](const api::PlanStep& s) {
                                auto ref = observed.refs.find(s.target);
                                return ref != observed.refs.end() && !ref->second.conflict.empty();
                              }),
               d.plan.end());
}

api::GPUPoolStatus decided_status(const api::GPUPool& pool, const placement::Decision& d, const Observed& observed,
                                  const std::string& now) {
  api::GPUPoolStatus s = pool.status;
  const long long gen = pool.metadata.generation;
  s.observed_generation = gen;
  s.desired_gpus = d.desired_gpus;
  s.ready_gpus = d.ready_gpus;
  for (api::Condition c : d.conditions) {
    c.observed_generation = gen;
    api::set_condition(s.conditions, c, now);
  }
  s.targets.clear();
  for (const auto& a : d.targets)
    if (const placement::TargetObservation* o = observed.find(a.target)) s.targets.push_back(target_entry(a, *o, d.mutate));
  s.plan = d.plan;
  return s;
}

api::GPUPoolStatus paused_status(const api::GPUPool& pool, const std::string& now) {
  api::GPUPoolStatus s = pool.status;
  const long long gen = pool.metadata.generation;
  s.observed_generation = gen;
  s.desired_gpus = pool.spec.gpus;
  api::set_condition(s.conditions,
                     api::Condition{"Progressing", std::string(api::kConditionFalse), gen, "", "Paused",
                                    "spec.paused is true: no cloud calls are made"},
                     now);
  return s;
}

Status write_pool_status(StatusWriter& writer, const api::GPUPool& pool,
                         const std::function<api::GPUPoolStatus(const api::GPUPool&)>& want) {
  if (want(pool) == pool.status) return ok();
  kube::json base = api::status_object(pool.metadata, api::kApiVersion, api::GPUPool::kKind, pool.status.to_json());
  auto written = writer.apply(base, [&](kube::json& st) {
    api::GPUPool fresh = pool;
    fresh.status = api::GPUPoolStatus::from_json(st);
    st = want(fresh).to_json();
  });
  if (!written) return written.error().with_context("writing GPUPool " + pool.metadata.key() + " status");
  return ok();
}

}  // namespace gpupool::controller
