#include "controller/gpupool_reconciler.h"

#include "api/resources.h"
#include "api/time_format.h"
#include "common/log.h"

namespace gpupool::controller {
using kube::json;
namespace {

void set(api::GPUPoolStatus& s, const char* type, std::string_view status, const std::string& reason,
         const std::string& message, long long gen, const std::string& now) {
  api::set_condition(s.conditions, api::Condition{type, std::string(status), gen, "", reason, message}, now);
}

}  // namespace

api::GPUPoolStatus desired_pool_status(const api::GPUPool& pool, const std::string& now) {
  api::GPUPoolStatus s = pool.status;
  const long long gen = pool.metadata.generation;
  s.observed_generation = gen;
  if (pool.decode_error) {
    const std::string msg = "invalid spec: " + *pool.decode_error;
    set(s, "Ready", api::kConditionFalse, "InvalidSpec", msg, gen, now);
    set(s, "Progressing", api::kConditionFalse, "InvalidSpec", msg, gen, now);
    set(s, "Degraded", api::kConditionTrue, "InvalidSpec", msg, gen, now);
    return s;
  }
  s.desired_gpus = pool.spec.gpus;
  const std::string pending = "spec accepted; node-pool reconciliation is not implemented yet";
  set(s, "Ready", api::kConditionUnknown, "ReconcilerPending", pending, gen, now);
  set(s, "Progressing", api::kConditionTrue, "ReconcilerPending", pending, gen, now);
  set(s, "Degraded", api::kConditionFalse, "AsExpected", "", gen, now);
  return s;
}

bool pool_needs_reconcile(const api::GPUPool* old_obj, const api::GPUPool& n) {
  if (!old_obj) return true;
  if (old_obj->metadata.generation != n.metadata.generation) return true;
  if (old_obj->metadata.deleting != n.metadata.deleting) return true;
  return n.status.observed_generation != n.metadata.generation;
}

GPUPoolReconciler::GPUPoolReconciler(const kube::Cache<api::GPUPool>& pools, kube::Client& client,
                                     api::EventFn events, Clock& clock)
    : pools_(pools), writer_(client, api::gpupools(), StatusWriter::Mode::MergePatch), events_(std::move(events)),
      clock_(clock) {}

Result<Outcome> GPUPoolReconciler::reconcile(const ObjectKey& key) {
  auto pool = pools_.get(key.str());
  if (!pool || pool->metadata.deleting) return Outcome::done();
  const std::string now = api::format_time(clock_.wall_now());
  api::GPUPoolStatus want = desired_pool_status(*pool, now);
  if (want == pool->status) return Outcome::done();
  json base = api::status_object(pool->metadata, api::kApiVersion, api::GPUPool::kKind, pool->status.to_json());
  auto written = writer_.apply(base, [&](json& st) {
    api::GPUPool fresh = *pool;  // same spec; conditions re-applied to the fresh status
    fresh.status = api::GPUPoolStatus::from_json(st);
    st = desired_pool_status(fresh, now).to_json();
  });
  if (!written) return written.error().with_context("writing GPUPool " + key.str() + " status");
  const api::Condition* before = api::find_condition(pool->status.conditions, "Degraded");
  bool newly_invalid = pool->decode_error && !(before && before->reason == "InvalidSpec" &&
                                               before->message == "invalid spec: " + *pool->decode_error);
  if (newly_invalid) {
    log::warn("GPUPool spec invalid", {{"gpupool", key.str()}, {"reconcileID", current_reconcile_id()},
                                       {"error", *pool->decode_error}});
    if (events_)
      events_(api::reference_of(pool->metadata, api::kApiVersion, api::GPUPool::kKind), "Warning", "InvalidSpec",
              "invalid spec: " + *pool->decode_error);
  }
  return Outcome::done();
}

}  // namespace gpupool::controller
