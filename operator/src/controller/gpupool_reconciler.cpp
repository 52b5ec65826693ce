#include "controller/gpupool_reconciler.h"

#include <random>

#include "api/resources.h"
#include "api/time_format.h"
#include "common/log.h"
#include "controller/gpupool_lifecycle.h"
#include "controller/gpupool_observe.h"
#include "controller/gpupool_status.h"
#include "placement/plan.h"

namespace gpupool::controller {
using kube::json;
namespace {

void set(api::GPUPoolStatus& s, const char* type, std::string_view status, const std::string& reason,
         const std::string& message, long long gen, const std::string& now) {
  api::set_condition(s.conditions, api::Condition{type, std::string(status), gen, "", reason, message}, now);
}

// +-10% so thousands of pools created together do not resync together.
std::chrono::milliseconds jittered(std::chrono::milliseconds d) {
  thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_real_distribution<double> f(0.9, 1.1);
  return std::chrono::milliseconds(static_cast<long long>(d.count() * f(rng)));
}

}  // namespace

std::chrono::milliseconds operation_timeout(const api::GPUPool& pool) {
  return pool.spec.failover.provisioning_timeout;
}

api::GPUPoolStatus desired_pool_status(const api::GPUPool& pool, const std::string& now) {
  api::GPUPoolStatus s = pool.status;
  const long long gen = pool.metadata.generation;
  s.observed_generation = gen;
  const std::string msg = "invalid spec: " + pool.decode_error.value_or("");
  set(s, "Ready", api::kConditionFalse, "InvalidSpec", msg, gen, now);
  set(s, "Progressing", api::kConditionFalse, "InvalidSpec", msg, gen, now);
  set(s, "Degraded", api::kConditionTrue, "InvalidSpec", msg, gen, now);
  return s;
}

bool pool_needs_reconcile(const api::GPUPool* old_obj, const api::GPUPool& n) {
  if (!old_obj) return true;
  if (old_obj->metadata.generation != n.metadata.generation) return true;
  if (old_obj->metadata.deleting != n.metadata.deleting) return true;
  return n.status.observed_generation != n.metadata.generation;
}

std::vector<std::string> cluster_ref_values(const api::GPUPool& pool) {
  std::vector<std::string> out;
  for (const auto& t : pool.spec.targets) out.push_back(pool.metadata.ns + "/" + t.cloud_cluster_ref);
  return out;
}

std::vector<ObjectKey> pools_for_cluster(const kube::Cache<api::GPUPool>& pools, const std::string& cluster_key) {
  std::vector<ObjectKey> out;
  for (const auto& p : pools.by_index(kClusterRefIndex, cluster_key)) out.push_back({p->metadata.ns, p->metadata.name});
  return out;
}

GPUPoolReconciler::GPUPoolReconciler(const kube::Cache<api::GPUPool>& pools,
                                     const kube::Cache<api::CloudCluster>& clusters, kube::Client& client,
                                     ProviderSource& providers, api::EventFn events, Clock& clock,
                                     metrics::GPUPoolMetrics* metrics, std::chrono::milliseconds steady_resync)
    : pools_(pools), clusters_(clusters), client_(client), providers_(providers),
      writer_(client, api::gpupools(), StatusWriter::Mode::MergePatch), events_(std::move(events)), clock_(clock),
      metrics_(metrics), steady_resync_(steady_resync), lists_(clock) {}

Result<Outcome> GPUPoolReconciler::reconcile(const ObjectKey& key) {
  auto pool = pools_.get(key.str());
  PoolState state = states_.take(key.str());
  state.now = clock_.now();
  if (!pool) {
    release_ops(state);  // gone without our finalizer (or already cleaned up)
    wake_waiters(state);
    if (metrics_) metrics_->forget(key.ns, key.name);
    return Outcome::done();
  }
  state.op_timeout = operation_timeout(*pool);
  bool forget = false;
  auto out = run(*pool, state, forget);
  wake_waiters(state);
  if (!forget) states_.put(key.str(), std::move(state));
  else if (metrics_) metrics_->forget(key.ns, key.name);  // finalized: its series go with it
  return out;
}

Result<Outcome> GPUPoolReconciler::run(const api::GPUPool& pool, PoolState& state, bool& forget) {
  if (pool.metadata.deleting) return finalize({client_, clusters_, providers_, events_}, pool, state, forget);
  if (pool.decode_error) return invalid(pool);
  if (pool.spec.paused) return paused(pool);
  // The finalizer first: no pool may exist that deletion would not find.
  if (auto st = ensure_finalizer(client_, pool); !st) return st.error();
  return sync(pool, state);
}

Result<Outcome> GPUPoolReconciler::invalid(const api::GPUPool& pool) {
  const std::string now = api::format_time(clock_.wall_now());
  const api::Condition* before = api::find_condition(pool.status.conditions, "Degraded");
  bool newly = !(before && before->reason == "InvalidSpec" && before->message == "invalid spec: " + *pool.decode_error);
  if (auto st = write_pool_status(writer_, pool, [&](const api::GPUPool& p) { return desired_pool_status(p, now); });
      !st)
    return st.error();
  if (newly) {
    log::warn("GPUPool spec invalid", {{"gpupool", pool.metadata.key()}, {"reconcileID", current_reconcile_id()},
                                       {"error", *pool.decode_error}});
    emit(pool, "Warning", "InvalidSpec", "invalid spec: " + *pool.decode_error);
  }
  return Outcome::done();
}

Result<Outcome> GPUPoolReconciler::paused(const api::GPUPool& pool) {
  const std::string now = api::format_time(clock_.wall_now());
  if (auto st = write_pool_status(writer_, pool, [&](const api::GPUPool& p) { return paused_status(p, now); }); !st)
    return st.error();
  return Outcome::after(jittered(steady_resync_));
}

Result<Outcome> GPUPoolReconciler::sync(const api::GPUPool& pool, PoolState& state) {
  const auto wall = clock_.wall_now();
  const std::string now = api::format_time(wall);
  for (const auto& t : poll_ops(pool.metadata.key(), state))
    emit(pool, "Warning", "OperationTimeout", "target " + t.target + ": " + t.error.message);
  ClusterViews views = view_clusters(clusters_, providers_, pool.metadata.ns, clusters_to_scan(pool, clusters_),
                                     &lists_, current_trigger_time());
  Observed observed = observe(pool, views, state);
  placement::Decision d = placement::decide(pool.spec, observed.targets, wall);
  mark_conflicts(d, observed, pool, now);
  ActResult act = execute(pool, d, views, observed, state);
  auto want = [&](const api::GPUPool& p) { return decided_status(p, d, observed, now); };
  if (auto st = write_pool_status(writer_, pool, want); !st) return st.error();
  for (const auto& e : d.events) emit(pool, e.type, e.reason, e.message);
  for (const auto& call : act.started) {
    const placement::EventNote e = placement::action_event(call.action);
    emit(pool, e.type, e.reason, e.message);
  }
  record(pool, d, observed, act);
  return Outcome::after(next_check(d, observed, act, state));
}

std::chrono::milliseconds GPUPoolReconciler::next_check(const placement::Decision& d, const Observed& observed,
                                                        const ActResult& act, const PoolState& state) const {
  const api::Condition* prog = api::find_condition(d.conditions, "Progressing");
  bool progressing = (prog && prog->status == api::kConditionTrue) || !state.ops.empty();
  const std::chrono::milliseconds base =
      progressing ? std::min<std::chrono::milliseconds>(kProgressingResync, steady_resync_) : steady_resync_;
  std::chrono::milliseconds next = jittered(base);
  if (d.requeue_after) next = std::min(next, std::max(*d.requeue_after, std::chrono::milliseconds(1000)));
  if (act.blocked || !state.errors.empty()) next = std::min<std::chrono::milliseconds>(next, kBusyRetry);
  // A cloud we could not list (5xx, 429, network) leaves its targets unseen;
  // nothing else would wake us before the resync, so look again soon.
  for (const auto& [target, ref] : observed.refs)
    if (ref.list_failed) next = std::min<std::chrono::milliseconds>(next, kBusyRetry);
  // A cluster claimed by another GPUPool: its release wakes us (ClusterGate
  // waiters); the progressing resync is only the fallback. Polling every 5 s
  // instead made N GPUPools on one cluster re-list it N times per 5 s.
  if (act.claim_busy) next = std::min<std::chrono::milliseconds>(next, jittered(kProgressingResync));
  if (!state.ops.empty()) next = std::min<std::chrono::milliseconds>(next, kOperationPoll);
  return next;
}

void GPUPoolReconciler::record(const api::GPUPool& pool, const placement::Decision& d, const Observed& observed,
                               const ActResult& act) const {
  if (!metrics_) return;
  metrics::PoolSample s{pool.metadata.ns, pool.metadata.name, d.desired_gpus, d.ready_gpus, {}};
  for (const auto& a : d.targets) {
    const placement::TargetObservation* o = observed.find(a.target);
    std::string provider = o && o->provider ? api::to_string(*o->provider) : "";
    s.targets.push_back({provider, std::string(placement::to_string(a.state)), a.to_nodes, a.ready_gpus});
    if (a.memory.failures > 0 && a.memory.backoff_until && !(o && o->memory.backoff_until == a.memory.backoff_until))
      metrics_->count_failover(provider);  // a new rung of the backoff ladder
  }
  for (const auto& call : act.started)
    metrics_->count_change(call.provider, placement::to_string(call.action.kind));
  metrics_->record(s);
}

void GPUPoolReconciler::wake_waiters(PoolState& state) const {
  if (wake_)
    for (const auto& key : state.wake) wake_(key);
  state.wake.clear();
}

void GPUPoolReconciler::emit(const api::GPUPool& pool, const std::string& type, const std::string& reason,
                             const std::string& message) const {
  if (events_) events_(api::reference_of(pool.metadata, api::kApiVersion, api::GPUPool::kKind), type, reason, message);
}

}  // namespace gpupool::controller
