#include "placement/failover.h"

#include <algorithm>
#include <array>

#include "api/time_format.h"

namespace gpupool::placement {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kDefaultWait = std::chrono::seconds(30);
constexpr std::array<std::string_view, 7> kStateNames = {"Pending", "Provisioning", "Ready",   "Resizing",
                                                         "Backoff", "Error",        "Deleting"};

std::string failure_reason(const Error& e) {
  if (e.code != ErrorCode::ResourceExhausted) return std::string(to_string(e.code));
  if (e.exhausted == ExhaustedKind::Stockout) return "Stockout";
  if (e.exhausted == ExhaustedKind::Quota) return "QuotaExceeded";
  return "ResourceExhausted";
}

void record_failure(FailoverStep& s, const std::string& reason, const std::string& message, TargetState state,
                    const api::Failover& f, Time now) {
  TargetMemory& m = s.memory;
  m.failures += 1;
  m.backoff_until = now + backoff_for(m.failures, f);
  m.last_error = api::TargetError{reason, message, api::format_time(now)};
  m.provisioning_since.reset();  // the asked nodes are given up
  m.state = state;
  s.failed_now = s.in_backoff = true;
}

bool timed_out(const TargetMemory& m, const std::optional<cloud::NodePool>& pool, const api::Failover& f, Time now) {
  if (!m.provisioning_since || now - *m.provisioning_since < f.provisioning_timeout) return false;
  return !pool || pool->ready_nodes < pool->desired_nodes;
}

// The ladder resets when asked nodes became Ready, or after a quiet
// maxBackoff past the last backoff (failures are no longer "consecutive").
void maybe_reset_ladder(FailoverStep& s, const std::optional<cloud::NodePool>& pool, const api::Failover& f,
                        Time now) {
  TargetMemory& m = s.memory;
  if (!m.backoff_until || s.in_backoff) return;
  bool caught_up = m.provisioning_since && pool && pool->ready_nodes >= pool->desired_nodes;
  bool quiet = !m.provisioning_since && now - *m.backoff_until >= f.max_backoff;
  if (!caught_up && !quiet) return;
  m.failures = 0;
  m.backoff_until.reset();
}

}  // namespace

std::string_view to_string(TargetState s) { return kStateNames[static_cast<std::size_t>(s)]; }

TargetState parse_state(std::string_view s) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i)
    if (kStateNames[i] == s) return static_cast<TargetState>(i);
  return TargetState::Pending;
}

ErrorClass classify(const Error& e) {
  switch (e.code) {
    case ErrorCode::ResourceExhausted: return ErrorClass::Failure;
    case ErrorCode::InvalidArgument:
    case ErrorCode::FailedPrecondition:
    case ErrorCode::PermissionDenied:
    case ErrorCode::Unauthenticated: return ErrorClass::HardFailure;
    case ErrorCode::Busy:
    case ErrorCode::RateLimited: return ErrorClass::Wait;
    default: return ErrorClass::Transient;
  }
}

milliseconds backoff_for(int failures, const api::Failover& f) {
  milliseconds d = f.initial_backoff;
  for (int i = 1; i < failures && d < f.max_backoff; ++i) d *= 2;
  return std::min(d, f.max_backoff);
}

FailoverStep step_failover(const TargetMemory& memory, const std::optional<cloud::NodePool>& pool,
                           const std::optional<Error>& last_error, const api::Failover& f, Time now) {
  FailoverStep s;
  s.memory = memory;
  bool was_in_backoff = memory.backoff_until && now < *memory.backoff_until;
  ErrorClass c = last_error ? classify(*last_error) : ErrorClass::Transient;
  if (last_error && c == ErrorClass::Wait) s.wait = last_error->retry_after.value_or(kDefaultWait);
  if (was_in_backoff) {
    s.in_backoff = true;
  } else if (last_error && (c == ErrorClass::Failure || c == ErrorClass::HardFailure)) {
    record_failure(s, failure_reason(*last_error), last_error->message,
                   c == ErrorClass::Failure ? TargetState::Backoff : TargetState::Error, f, now);
  } else if (timed_out(memory, pool, f, now)) {
    record_failure(s, "ProvisioningTimeout",
                   "nodes not Ready within " + std::to_string(f.provisioning_timeout.count() / 1000) + "s",
                   TargetState::Backoff, f, now);
  } else if (memory.backoff_until &&
             (memory.state == TargetState::Backoff || memory.state == TargetState::Error)) {
    s.recovered_now = true;
  }
  maybe_reset_ladder(s, pool, f, now);
  return s;
}

void track_provisioning(TargetMemory& m, int asked, int ready, Time now) {
  if (asked > ready) {
    if (!m.provisioning_since) m.provisioning_since = now;
  } else {
    m.provisioning_since.reset();
  }
}

}  // namespace gpupool::placement
