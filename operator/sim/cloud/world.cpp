#include "sim/cloud/world.h"

#include <algorithm>
#include <deque>
#include <tuple>

namespace gpupool::sim::cloud {

namespace {
using CapKey = std::tuple<std::string, std::string, std::string>;  // provider, region, machine type
using QuotaKey = std::pair<std::string, std::string>;              // provider, key
using PoolKey = std::tuple<std::string, std::string, std::string>;  // provider, cluster, id
constexpr auto kDefaultProvisioning = std::chrono::seconds(2);
constexpr auto kRateWindow = std::chrono::seconds(1);
// Memory bound per key: a peak above this many requests per second is
// reported as this many (far beyond any rate a test sets).
constexpr std::size_t kMaxWindowEntries = 10000;

// Request times of one key within the last second, and the largest count seen.
struct RateWindow {
  std::deque<Clock::time_point> recent;
  int peak = 0;

  void add(Clock::time_point now) {
    while (!recent.empty() && recent.front() <= now - kRateWindow) recent.pop_front();
    if (recent.size() >= kMaxWindowEntries) recent.pop_front();
    recent.push_back(now);
    peak = std::max(peak, static_cast<int>(recent.size()));
  }
};
}  // namespace

struct World::State {
  std::map<CapKey, int> capacity;
  std::map<QuotaKey, int> quota;
  Clock::duration provisioning = kDefaultProvisioning;
  std::deque<Fault> faults;
  std::map<std::string, long> requests;
  std::map<std::pair<std::string, std::string>, long> requests_by_identity;
  std::map<std::pair<std::string, std::string>, RateWindow> rate_by_identity;
  std::map<std::string, std::map<std::string, long>> writes;  // provider -> method -> count
  std::map<PoolKey, PoolRecord> pools;
  std::vector<PoolListener> listeners;
};

World::World(Clock& clock) : clock_(clock), s_(std::make_unique<State>()) {}
World::~World() = default;

void World::set_capacity(const std::string& provider, const std::string& region, const std::string& machine_type,
                         std::optional<int> nodes) {
  std::lock_guard lock(mu_);
  CapKey k{provider, region, machine_type};
  if (nodes) s_->capacity[k] = std::max(0, *nodes);
  else s_->capacity.erase(k);
}

std::optional<int> World::capacity(const std::string& provider, const std::string& region,
                                   const std::string& machine_type) const {
  std::lock_guard lock(mu_);
  auto it = s_->capacity.find({provider, region, machine_type});
  if (it == s_->capacity.end()) return std::nullopt;
  return it->second;
}

void World::set_quota(const std::string& provider, const std::string& key, std::optional<int> limit) {
  std::lock_guard lock(mu_);
  if (limit) s_->quota[{provider, key}] = std::max(0, *limit);
  else s_->quota.erase({provider, key});
}

std::optional<int> World::quota(const std::string& provider, const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = s_->quota.find({provider, key});
  if (it == s_->quota.end()) return std::nullopt;
  return it->second;
}

AdmitResult World::admit(const AdmitRequest& req) const {
  std::lock_guard lock(mu_);
  // Usage of every other pool of this provider; the resized pool is replaced by its new size.
  auto others = [&](auto&& take) {
    int used = 0;
    for (const auto& [k, p] : s_->pools) {
      if (p.provider != req.provider) continue;
      if (!req.pool_id.empty() && p.id == req.pool_id && p.cluster == req.cluster) continue;
      used += take(p);
    }
    return used;
  };
  AdmitResult out;
  auto cap = s_->capacity.find({req.provider, req.region, req.machine_type});
  if (cap != s_->capacity.end() && req.nodes > 0) {
    int used = others([&](const PoolRecord& p) {
      return p.region == req.region && p.machine_type == req.machine_type ? p.node_count : 0;
    });
    if (used + req.nodes > cap->second) return {Admission::Stockout, "", cap->second, used};
  }
  for (const auto& [key, units] : req.quota_usage) {
    auto q = s_->quota.find({req.provider, key});
    if (q == s_->quota.end() || units <= 0) continue;
    int used = others([&](const PoolRecord& p) {
      auto u = p.quota_usage.find(key);
      return u == p.quota_usage.end() ? 0 : u->second;
    });
    if (used + units > q->second) return {Admission::Quota, key, q->second, used};
  }
  return out;
}

void World::set_provisioning_time(Clock::duration d) {
  std::lock_guard lock(mu_);
  s_->provisioning = std::max(Clock::duration::zero(), d);
}

Clock::duration World::provisioning_time() const {
  std::lock_guard lock(mu_);
  return s_->provisioning;
}

std::vector<Clock::time_point> World::ready_schedule(int n) const {
  auto total = provisioning_time();
  auto now = clock_.now();
  std::vector<Clock::time_point> out;
  for (int i = 0; i < n; ++i) out.push_back(now + total * (i + 1) / n);
  return out;
}

void World::add_fault(Fault f) {
  std::lock_guard lock(mu_);
  if (f.remaining > 0) s_->faults.push_back(std::move(f));
}

std::optional<Fault> World::take_fault(const std::string& provider) {
  std::lock_guard lock(mu_);
  for (auto it = s_->faults.begin(); it != s_->faults.end(); ++it) {
    if (it->provider != provider) continue;
    Fault f = *it;
    if (--it->remaining <= 0) s_->faults.erase(it);
    return f;
  }
  return std::nullopt;
}

void World::clear_faults(const std::string& provider) {
  std::lock_guard lock(mu_);
  std::erase_if(s_->faults, [&](const Fault& f) { return provider.empty() || f.provider == provider; });
}

std::vector<Fault> World::faults() const {
  std::lock_guard lock(mu_);
  return {s_->faults.begin(), s_->faults.end()};
}

void World::count_request(const std::string& provider, const std::string& identity,
                          const std::string& write_method) {
  auto now = clock_.now();
  std::lock_guard lock(mu_);
  ++s_->requests[provider];
  ++s_->requests_by_identity[{provider, identity}];
  s_->rate_by_identity[{provider, identity}].add(now);
  if (!write_method.empty()) ++s_->writes[provider][write_method];
}

std::map<std::string, std::map<std::string, long>> World::writes() const {
  std::lock_guard lock(mu_);
  return s_->writes;
}

long World::requests(const std::string& provider) const {
  std::lock_guard lock(mu_);
  auto it = s_->requests.find(provider);
  return it == s_->requests.end() ? 0 : it->second;
}

long World::requests(const std::string& provider, const std::string& identity) const {
  std::lock_guard lock(mu_);
  auto it = s_->requests_by_identity.find({provider, identity});
  return it == s_->requests_by_identity.end() ? 0 : it->second;
}

std::map<std::pair<std::string, std::string>, long> World::request_counts() const {
  std::lock_guard lock(mu_);
  return s_->requests_by_identity;
}

std::map<std::pair<std::string, std::string>, RequestStats> World::request_stats() const {
  std::lock_guard lock(mu_);
  std::map<std::pair<std::string, std::string>, RequestStats> out;
  for (const auto& [k, n] : s_->requests_by_identity) {
    auto r = s_->rate_by_identity.find(k);
    out[k] = RequestStats{n, r == s_->rate_by_identity.end() ? 0 : r->second.peak};
  }
  return out;
}

void World::upsert_pool(PoolRecord record) {
  std::vector<PoolListener> listeners;
  {
    std::lock_guard lock(mu_);
    s_->pools[{record.provider, record.cluster, record.id}] = record;
    listeners = s_->listeners;
  }
  for (auto& l : listeners) l(record, false);
}

void World::remove_pool(const std::string& provider, const std::string& cluster, const std::string& id) {
  std::optional<PoolRecord> gone;
  std::vector<PoolListener> listeners;
  {
    std::lock_guard lock(mu_);
    auto it = s_->pools.find({provider, cluster, id});
    if (it == s_->pools.end()) return;
    gone = std::move(it->second);
    s_->pools.erase(it);
    listeners = s_->listeners;
  }
  for (auto& l : listeners) l(*gone, true);
}

std::vector<PoolRecord> World::pools(const std::string& provider) const {
  std::lock_guard lock(mu_);
  std::vector<PoolRecord> out;
  for (const auto& [k, p] : s_->pools)
    if (provider.empty() || p.provider == provider) out.push_back(p);
  return out;
}

int World::ready_nodes(const PoolRecord& r) const {
  auto now = clock_.now();
  auto n = std::count_if(r.ready_at.begin(), r.ready_at.end(), [&](auto t) { return t <= now; });
  return static_cast<int>(std::min<long>(n, r.node_count));
}

void World::on_pool_change(PoolListener listener) {
  std::lock_guard lock(mu_);
  s_->listeners.push_back(std::move(listener));
}

void World::reset() {
  std::lock_guard lock(mu_);
  // Pools stay: they mirror the cloud simulators' own state.
  auto fresh = std::make_unique<State>();
  fresh->pools = std::move(s_->pools);
  fresh->listeners = std::move(s_->listeners);
  s_ = std::move(fresh);
}

}  // namespace gpupool::sim::cloud
