#include "controller/leader_election.h"

#include <unistd.h>

#include <cstdio>

#include "api/resources.h"
#include "api/time_format.h"
#include "common/log.h"

namespace gpupool::controller {

namespace {
constexpr double kJitterFactor = 1.2;
int seconds_of(Clock::duration d) {
  return static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(d).count());
}
}  // namespace

std::string default_identity() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown");
  std::mt19937_64 rng{std::random_device{}()};
  const auto a = rng(), b = rng();
  char uuid[40];
  std::snprintf(uuid, sizeof uuid, "%08llx-%04llx-4%03llx-%04llx-%012llx", (a >> 32) & 0xffffffffULL,
                (a >> 16) & 0xffffULL, a & 0xfffULL, ((b >> 48) & 0x3fffULL) | 0x8000ULL, b & 0xffffffffffffULL);
  return std::string(host) + "_" + uuid;
}

Result<std::unique_ptr<LeaderElector>> LeaderElector::create(kube::Client& client, Clock& clock,
                                                             LeaderElectionConfig cfg) {
  if (cfg.ns.empty() || cfg.name.empty() || cfg.identity.empty())
    return fail(ErrorCode::InvalidArgument, "leader election needs a namespace, lease name and identity");
  if (cfg.retry_period <= Clock::duration::zero() || cfg.lease_duration <= cfg.renew_deadline ||
      std::chrono::duration<double>(cfg.renew_deadline).count() <=
          kJitterFactor * std::chrono::duration<double>(cfg.retry_period).count())
    return fail(ErrorCode::InvalidArgument,
                "leader election needs leaseDuration > renewDeadline > 1.2 * retryPeriod > 0");
  return std::unique_ptr<LeaderElector>(new LeaderElector(client, clock, std::move(cfg)));
}

LeaderElector::LeaderElector(kube::Client& client, Clock& clock, LeaderElectionConfig cfg)
    : client_(client), clock_(clock), cfg_(std::move(cfg)) {}

LeaderElectionEnd LeaderElector::run(std::stop_token stop) {
  std::stop_callback wake(stop, [this] {
    std::lock_guard lock(mu_);
    cv_.notify_all();
  });
  if (!acquire(stop)) return LeaderElectionEnd::Stopped;
  log::info("became leader", {{"lease", cfg_.ns + "/" + cfg_.name}, {"identity", cfg_.identity}});
  if (cfg_.on_started_leading) cfg_.on_started_leading();
  const bool lost = !renew(stop);
  if (!lost && cfg_.release_on_cancel) release();
  {
    std::lock_guard lock(mu_);
    leader_ = false;
  }
  log::info(lost ? "leader election lost" : "stopped leading", {{"identity", cfg_.identity}});
  if (cfg_.on_stopped_leading) cfg_.on_stopped_leading();
  return lost ? LeaderElectionEnd::Lost : LeaderElectionEnd::Stopped;
}

bool LeaderElector::acquire(std::stop_token stop) {
  std::uniform_real_distribution<double> jitter(0.0, kJitterFactor);
  while (!stop.stop_requested()) {
    if (try_acquire_or_renew()) return true;
    const auto d = std::chrono::duration_cast<Clock::duration>(cfg_.retry_period * (1.0 + jitter(rng_)));
    if (!sleep(stop, d)) return false;
  }
  return false;
}

// Returns false when leadership was lost, true when stop was requested.
bool LeaderElector::renew(std::stop_token stop) {
  for (;;) {
    if (!sleep(stop, cfg_.retry_period)) return true;
    const auto deadline = clock_.now() + cfg_.renew_deadline;
    while (!try_acquire_or_renew()) {
      const auto left = deadline - clock_.now();
      if (left <= Clock::duration::zero()) return false;
      if (!sleep(stop, std::min(left, cfg_.retry_period))) return true;
    }
  }
}

bool LeaderElector::try_acquire_or_renew() {
  const auto now = clock_.now();
  if (is_leader() && lease_ && observed_ &&
      observed_time_ + std::chrono::seconds(observed_->lease_duration_seconds) > now) {
    if (write(desired(lease_), false)) return true;  // fast path: plain renewal
  }
  auto got = client_.get(api::leases(), cfg_.ns, cfg_.name);
  if (!got) {
    if (got.error().code != ErrorCode::NotFound) {
      log::warn("reading lease failed", {{"lease", cfg_.name}, {"error", got.error().describe()}});
      return false;
    }
    return write(desired(std::nullopt), true);
  }
  api::Lease current = api::Lease::from_json(*got);
  observe(current);
  lease_ = current;
  const std::string& holder = current.spec.holder_identity;
  if (!holder.empty() && holder != cfg_.identity &&
      observed_time_ + std::chrono::seconds(current.spec.lease_duration_seconds) > now) {
    std::lock_guard lock(mu_);
    leader_ = false;
    return false;  // held by someone else and not expired by our clock
  }
  return write(desired(current), false);
}

api::Lease LeaderElector::desired(const std::optional<api::Lease>& current) const {
  api::Lease l;
  l.metadata.ns = cfg_.ns;
  l.metadata.name = cfg_.name;
  const std::string now = api::format_micro_time(clock_.wall_now());
  if (current) {
    l.metadata.resource_version = current->metadata.resource_version;
    l.spec = current->spec;
  }
  if (!current || l.spec.holder_identity != cfg_.identity) {
    l.spec.acquire_time = now;
    if (current) ++l.spec.lease_transitions;
  }
  l.spec.holder_identity = cfg_.identity;
  l.spec.lease_duration_seconds = seconds_of(cfg_.lease_duration);
  l.spec.renew_time = now;
  return l;
}

bool LeaderElector::write(const api::Lease& lease, bool create) {
  auto r = create ? client_.create(api::leases(), cfg_.ns, lease.to_json())
                  : client_.update(api::leases(), cfg_.ns, lease.to_json());
  if (!r) {
    log::info("lease write failed", {{"lease", cfg_.name}, {"error", r.error().describe()}});
    return false;
  }
  api::Lease written = api::Lease::from_json(*r);
  observe(written);
  lease_ = written;
  std::lock_guard lock(mu_);
  leader_ = written.spec.holder_identity == cfg_.identity;
  return leader_;
}

void LeaderElector::observe(const api::Lease& lease) {
  if (!observed_ || *observed_ != lease.spec) {
    observed_ = lease.spec;
    observed_time_ = clock_.now();
  }
  std::string changed;
  {
    std::lock_guard lock(mu_);
    if (holder_ != lease.spec.holder_identity) changed = holder_ = lease.spec.holder_identity;
  }
  if (!changed.empty() && cfg_.on_new_leader) cfg_.on_new_leader(changed);
}

void LeaderElector::release() {
  if (!lease_ || !is_leader()) return;
  api::Lease l = *lease_;
  const std::string now = api::format_micro_time(clock_.wall_now());
  l.spec.holder_identity = "";
  l.spec.lease_duration_seconds = 1;
  l.spec.acquire_time = now;
  l.spec.renew_time = now;
  auto r = client_.update(api::leases(), cfg_.ns, l.to_json());
  if (!r) log::warn("releasing lease failed", {{"lease", cfg_.name}, {"error", r.error().describe()}});
}

bool LeaderElector::sleep(std::stop_token stop, Clock::duration d) {
  clock_.sleep_for(d, mu_, cv_, [&] { return stop.stop_requested(); });
  return !stop.stop_requested();
}

bool LeaderElector::is_leader() const {
  std::lock_guard lock(mu_);
  return leader_;
}

std::string LeaderElector::leader() const {
  std::lock_guard lock(mu_);
  return holder_;
}

}  // namespace gpupool::controller
