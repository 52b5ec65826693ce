#include "placement/memory.h"

#include "api/time_format.h"

namespace gpupool::placement {
namespace {

// Seconds-precision timestamps: allow one second of slack when matching.
int failures_from(std::chrono::milliseconds backoff, const api::Failover& f) {
  const auto slack = std::chrono::seconds(1);
  int n = 1;
  while (n < 64 && backoff_for(n, f) + slack < backoff && backoff_for(n, f) < f.max_backoff) ++n;
  return n;
}

}  // namespace

TargetMemory memory_from_status(const api::TargetStatus& s, const api::Failover& f) {
  TargetMemory m;
  m.state = parse_state(s.state);
  m.last_error = s.last_error;
  if (!s.backoff_until.empty()) m.backoff_until = api::parse_time(s.backoff_until);
  if (!m.backoff_until) return m;
  auto failed_at = m.last_error ? api::parse_time(m.last_error->time) : std::nullopt;
  // Without the failure time the ladder step is unknown: assume the first.
  m.failures = failed_at ? failures_from(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             *m.backoff_until - *failed_at), f)
                         : 1;
  return m;
}

TargetMemory memory_for(const api::GPUPoolStatus& status, const std::string& name, const api::Failover& f) {
  for (const auto& t : status.targets)
    if (t.name == name) return memory_from_status(t, f);
  return {};
}

api::TargetStatus target_status(const TargetAction& a, const TargetObservation& o, bool mutate) {
  api::TargetStatus s;
  s.name = a.target;
  if (o.provider) s.provider = api::to_string(*o.provider);
  if (o.pool) {
    s.node_pool = o.pool->id;
    s.current_nodes = o.pool->current_nodes;
    s.ready_nodes = o.pool->ready_nodes;
  }
  s.desired_nodes = mutate && a.kind != ActionKind::None ? a.to_nodes : a.from_nodes;
  s.state = std::string(to_string(a.state));
  if (a.memory.backoff_until) s.backoff_until = api::format_time(*a.memory.backoff_until);
  s.last_error = a.memory.last_error;
  return s;
}

}  // namespace gpupool::placement
