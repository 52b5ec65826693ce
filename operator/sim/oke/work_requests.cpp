// Work requests of the simulated OKE: one per mutation, ACCEPTED ->
// IN_PROGRESS -> SUCCEEDED/FAILED, applied lazily when their time is up.
#include <algorithm>

#include "sim/oke/oci_error.h"
#include "sim/oke/sim_impl.h"

namespace gpupool::sim::oke {

WorkRequest& OkeSim::Impl::start(const std::string& type, const std::string& action, const Pool& p,
                                 TimePoint done_at) {
  auto now = world.clock().now();
  WorkRequest wr;
  wr.id = make_ocid("clustersworkrequest", region_key());
  wr.type = type;
  wr.action = action;
  wr.pool_id = p.id;
  wr.started_at = now + (done_at - now) / 10;
  wr.done_at = done_at;
  wr.time_accepted = wall_time(now);
  wr.time_started = wall_time(wr.started_at);
  return work_requests[wr.id] = wr;
}

std::optional<HttpResponse> OkeSim::Impl::busy(const std::string& pool_id) const {
  for (const auto& [id, wr] : work_requests) {
    if (wr.applied || (!opts.exclusive_cluster_ops && wr.pool_id != pool_id)) continue;
    return oci_error(409, "IncorrectState",
                     "Work request " + id + " (" + wr.type + ") is in progress on node pool " + wr.pool_id +
                         "; only one work request may run at a time. Retry after it completes.");
  }
  return std::nullopt;
}

void OkeSim::Impl::settle() {
  auto now = world.clock().now();
  std::vector<WorkRequest*> due;
  for (auto& [id, wr] : work_requests)
    if (!wr.applied && wr.done_at <= now) due.push_back(&wr);
  std::sort(due.begin(), due.end(), [](auto* a, auto* b) { return a->done_at < b->done_at; });
  for (auto* wr : due) apply(*wr);
}

void OkeSim::Impl::apply(WorkRequest& wr) {
  wr.applied = true;
  wr.time_finished = wall_time(wr.done_at);
  auto it = pools.find(wr.pool_id);
  if (it == pools.end()) return;
  Pool& p = it->second;
  ++p.version;
  if (wr.type == "NODEPOOL_DELETE") {
    p.state = "DELETED";
    p.nodes.clear();
    p.deleted_at = wr.done_at;
    world.remove_pool("OKE", opts.cluster_id, p.id);
    return;
  }
  std::erase_if(p.nodes, [](const Node& n) { return n.deleting; });
  auto failed = std::count_if(p.nodes.begin(), p.nodes.end(), [](const Node& n) { return !n.error.is_null(); });
  p.state = "ACTIVE";
  if (failed > 0) {
    std::string text = std::to_string(failed) + " node(s) launch failure. Reason for failure on one of the nodes : "
                       "Shape " + p.shape + ", (500, InternalError, false) Out of host capacity.";
    wr.errors.push_back({{"code", "InternalError"}, {"message", text}, {"timestamp", wr.time_finished}});
    if (opts.stockout_needs_attention) p.state = "NEEDS_ATTENTION";
    p.state_details = text;
  }
  report(p);
}

HttpResponse OkeSim::Impl::get_work_request(const std::string& id) {
  auto it = work_requests.find(id);
  if (it == work_requests.end()) return not_found(id);
  const WorkRequest& wr = it->second;
  auto now = world.clock().now();
  bool failed = wr.applied && !wr.errors.empty();
  std::string status = wr.applied ? (failed ? "FAILED" : "SUCCEEDED") : now < wr.started_at ? "ACCEPTED" : "IN_PROGRESS";
  json j = {{"id", wr.id},
            {"operationType", wr.type},
            {"status", status},
            {"compartmentId", opts.compartment_id},
            {"resources", json::array({{{"actionType", failed ? "FAILED" : wr.action},
                                        {"entityType", "nodepool"},
                                        {"identifier", wr.pool_id},
                                        {"entityUri", "/nodePools/" + wr.pool_id}}})},
            {"timeAccepted", wr.time_accepted}};
  if (status != "ACCEPTED") j["timeStarted"] = wr.time_started;
  if (wr.applied) j["timeFinished"] = wr.time_finished;
  auto r = HttpResponse::json(200, j.dump());
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"opc-request-id", request_id()}};
  if (!wr.applied) r.headers.emplace_back("retry-after", "1");
  return r;
}

HttpResponse OkeSim::Impl::work_request_errors(const std::string& id, const HttpRequest& req) {
  if (!req.param("compartmentId")) return oci_error(400, "MissingParameter", "Missing required parameter: compartmentId");
  auto it = work_requests.find(id);
  if (it == work_requests.end()) return not_found(id);
  auto r = HttpResponse::json(200, it->second.errors.dump());
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"opc-request-id", request_id()}};
  return r;
}

HttpResponse OkeSim::Impl::accepted(const WorkRequest& wr) const {
  HttpResponse r;
  r.status = 202;
  r.headers = {{"opc-work-request-id", wr.id}, {"opc-request-id", request_id()}};
  return r;
}

}  // namespace gpupool::sim::oke
