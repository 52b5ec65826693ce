#include "controller/gpupool_act.h"

#include "common/log.h"
#include "placement/plan.h"

namespace gpupool::controller {
namespace {

using placement::ActionKind;

// Errors after which polling again makes sense.
bool keep_polling(const Error& e) {
  switch (e.code) {
    case ErrorCode::Busy:
    case ErrorCode::RateLimited:
    case ErrorCode::Unavailable:
    case ErrorCode::Timeout:
      return true;
    default:
      return false;
  }
}

const api::PoolTarget* spec_target(const api::GPUPool& pool, const std::string& name) {
  for (const auto& t : pool.spec.targets)
    if (t.name == name) return &t;
  return nullptr;
}

Result<cloud::Operation> call(const api::GPUPool& pool, const placement::TargetAction& a,
                              const placement::TargetObservation& o, cloud::NodePoolProvider& p) {
  if (a.kind == ActionKind::Create) {
    const api::PoolTarget* t = spec_target(pool, a.target);
    if (!t) return fail(ErrorCode::Internal, "create for unknown target " + a.target);
    cloud::Owner owner{pool.metadata.ns, pool.metadata.name, pool.metadata.uid, a.target};
    return p.create(placement::pool_spec(pool.spec, *t, a, owner, p.provider()));
  }
  if (!o.pool) return fail(ErrorCode::Internal, "no pool for " + std::string(placement::to_string(a.kind)));
  if (a.kind == ActionKind::Resize) return p.resize(*o.pool, a.to_nodes);
  if (a.kind == ActionKind::SetAutoscaling) return p.set_autoscaling(*o.pool, a.autoscaling, a.min_nodes, a.max_nodes);
  return p.remove(*o.pool);
}

void release(cloud::ClusterGate& gate, const std::string& holder, PoolState& state) {
  for (auto& w : gate.end_mutation(holder)) state.wake.push_back(std::move(w));
}

enum class Call { Started, ClaimBusy, Failed };

// Claims the cluster, runs `fn`, keeps the claim while the operation runs.
template <typename Fn>
Call mutate(const std::string& key, const std::string& target, const std::string& what, const ClusterView& v,
            PoolState& state, Fn&& fn) {
  const std::string holder = "gpupool " + key + " " + what + " " + target;
  if (!v.gate->try_begin_mutation(holder)) {
    v.gate->wait_for_release(key);  // woken when the holder's operation ends
    return Call::ClaimBusy;
  }
  Result<cloud::Operation> op = fn(*v.provider);
  if (v.lists) v.lists->invalidate(v.key);  // even a failed call may have changed something
  if (!op) {
    release(*v.gate, holder, state);
    log::warn("node-pool call failed", {{"gpupool", key}, {"target", target}, {"action", what},
                                        {"error", op.error().describe()}});
    state.errors[target] = op.error();
    return Call::Failed;
  }
  log::info("node-pool call started", {{"gpupool", key}, {"target", target}, {"action", what}, {"op", op->id}});
  if (op->done) release(*v.gate, holder, state);
  else state.ops[target] = PendingOp{*op, v.provider, v.gate, holder, state.now};
  return Call::Started;
}

Error timeout_error(const PendingOp& p, Clock::duration age) {
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(age).count();
  return Error(ErrorCode::Timeout, std::string(p.provider->provider()) + " " + p.op.kind + " operation " + p.op.id +
                                       " on node pool " + p.op.pool_name + " not done after " + std::to_string(secs) +
                                       "s; abandoned so other calls to its cluster can proceed");
}

}  // namespace

std::vector<TimedOutOp> poll_ops(const std::string& key, PoolState& state) {
  std::vector<TimedOutOp> timed_out;
  for (auto it = state.ops.begin(); it != state.ops.end();) {
    PendingOp& p = it->second;
    auto st = p.provider->poll(p.op);
    std::optional<Error> err;
    bool running = (!st && keep_polling(st.error())) || (st && !st->done);
    if (running && state.now - p.started < state.op_timeout) { ++it; continue; }
    if (running) {
      err = timeout_error(p, state.now - p.started);
      timed_out.push_back({it->first, *err});
    } else if (!st && st.error().code != ErrorCode::NotFound) {
      err = st.error();
    } else if (st) {
      err = st->error;
    }
    release(*p.gate, p.holder, state);
    if (err) {
      log::warn(running ? "node-pool operation timed out" : "node-pool operation failed",
                {{"gpupool", key}, {"target", it->first}, {"op", p.op.id}, {"error", err->describe()}});
      state.errors[it->first] = *err;
    }
    it = state.ops.erase(it);
  }
  return timed_out;
}

void release_ops(PoolState& state) {
  for (auto& [target, p] : state.ops) release(*p.gate, p.holder, state);
  state.ops.clear();
}

ActResult execute(const api::GPUPool& pool, const placement::Decision& d, const ClusterViews& views,
                  const Observed& observed, PoolState& state) {
  ActResult r;
  if (!d.mutate) return r;
  const std::string key = pool.metadata.key();
  for (const auto& a : d.targets) {
    if (a.kind == ActionKind::None || a.wait || state.ops.count(a.target)) continue;
    auto ref = observed.refs.find(a.target);
    const placement::TargetObservation* o = observed.find(a.target);
    if (ref == observed.refs.end() || !o || ref->second.list_failed || !ref->second.conflict.empty()) continue;
    auto v = views.find(ref->second.cluster);
    if (v == views.end() || !v->second.provider || !v->second.gate) continue;
    Call c = mutate(key, a.target, std::string(placement::to_string(a.kind)), v->second, state,
                    [&](cloud::NodePoolProvider& p) { return call(pool, a, *o, p); });
    const bool ok = c == Call::Started;
    if (ok) r.started.push_back({a, v->second.provider_name()});
    r.claim_busy = r.claim_busy || c == Call::ClaimBusy;
    r.blocked = r.blocked || c == Call::Failed;
  }
  return r;
}

bool start_delete(const std::string& key, const std::string& target, const ClusterView& view,
                  const cloud::NodePool& np, PoolState& state) {
  if (!view.provider || !view.gate) return false;
  return mutate(key, target, "Delete", view, state, [&](cloud::NodePoolProvider& p) { return p.remove(np); }) ==
         Call::Started;
}

}  // namespace gpupool::controller
