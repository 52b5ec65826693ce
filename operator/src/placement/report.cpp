#include "placement/report.h"

#include <algorithm>

#include "api/time_format.h"
#include "placement/plan.h"

namespace gpupool::placement {
namespace {

using std::chrono::milliseconds;

std::string failure_text(const TargetAction& a) {
  const auto& m = a.memory;
  std::string text = "target " + a.target + ": ";
  text += m.last_error ? m.last_error->reason + ": " + m.last_error->message : "failed";
  if (m.backoff_until) text += "; no new GPUs until " + api::format_time(*m.backoff_until);
  return text + " (failure " + std::to_string(m.failures) + ")";
}

// Where the failed targets' share went: targets growing in this decision.
std::string failover_text(const Decision& d, const std::vector<Transition>& tr) {
  std::string failed, moved;
  for (std::size_t i = 0; i < tr.size(); ++i) {
    const TargetAction& a = d.targets[i];
    if (tr[i].failed_now) failed += (failed.empty() ? "" : ", ") + a.target;
    else if (a.kind != ActionKind::None && !a.autoscaling && a.to_nodes > a.from_nodes)
      moved += (moved.empty() ? "" : ", ") + a.target + " " + std::to_string(a.from_nodes) + "->" +
               std::to_string(a.to_nodes) + " nodes";
  }
  if (!moved.empty()) return failed + " failed; share moved to " + moved;
  // A repeat failure while the others already hold the share is not a shortfall.
  if (d.shortfall == 0) return failed + " failed; the other targets already hold its share";
  return failed + " failed; no eligible target can take its share";
}

void transition_events(Decision& d, const std::vector<Transition>& tr) {
  bool any_failed = false;
  for (std::size_t i = 0; i < tr.size(); ++i) {
    const TargetAction& a = d.targets[i];
    if (tr[i].failed_now) {
      any_failed = true;
      const char* reason = a.state == TargetState::Error ? "TargetError" : "TargetBackoff";
      d.events.push_back({"Warning", reason, failure_text(a)});
    }
    if (tr[i].recovered_now)
      d.events.push_back(
          {"Normal", "TargetRecovered", "target " + a.target + ": backoff ended; eligible for GPUs again"});
    if (tr[i].invalid && tr[i].previous != TargetState::Error)
      d.events.push_back({"Warning", "InvalidTarget", "target " + a.target + ": " + a.reason});
  }
  if (any_failed) d.events.push_back({"Warning", "FailedOver", failover_text(d, tr)});
}

milliseconds until(Time t, Time now) {
  return std::max(milliseconds(1000), std::chrono::duration_cast<milliseconds>(t - now));
}

std::optional<milliseconds> soonest(const Decision& d, const api::GPUPoolSpec& spec, Time now) {
  std::optional<milliseconds> best;
  auto take = [&](milliseconds m) { best = best ? std::min(*best, m) : m; };
  for (const auto& a : d.targets) {
    const auto& m = a.memory;
    if (m.backoff_until && *m.backoff_until > now) take(until(*m.backoff_until, now));
    if (m.provisioning_since) take(until(*m.provisioning_since + spec.failover.provisioning_timeout, now));
    if (a.wait) take(*a.wait);
  }
  return best;
}

}  // namespace

std::string unavailable_targets(const Decision& d) {
  std::string out;
  for (const auto& a : d.targets) {
    if (a.state != TargetState::Backoff && a.state != TargetState::Error) continue;
    std::string why = a.memory.last_error && a.memory.backoff_until ? a.memory.last_error->reason : a.reason;
    // An Error is something a person must fix: say what the cloud said.
    if (a.state == TargetState::Error && a.memory.last_error && a.memory.backoff_until)
      why += ": " + a.memory.last_error->message;
    out += (out.empty() ? "" : "; ") + a.target + ": " + std::string(to_string(a.state)) + " (" + why + ")";
    if (a.state == TargetState::Backoff && a.memory.backoff_until)
      out += " until " + api::format_time(*a.memory.backoff_until);
  }
  return out;
}

void report(Decision& d, const api::GPUPoolSpec& spec, const std::vector<Transition>& transitions, Time now) {
  d.plan = plan_steps(d);
  transition_events(d, transitions);
  d.conditions = pool_conditions(d, spec);
  d.requeue_after = soonest(d, spec, now);
}

}  // namespace gpupool::placement
