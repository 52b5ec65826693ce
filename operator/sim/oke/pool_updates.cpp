// Resizing and deleting node pools of the simulated OKE.
#include <algorithm>

#include "sim/oke/oci_error.h"
#include "sim/oke/pool_input.h"
#include "sim/oke/sim_impl.h"

namespace gpupool::sim::oke {

namespace {
// if-match: absent matches; otherwise it must be the current etag.
std::optional<HttpResponse> stale(const HttpRequest& req, const std::string& current) {
  std::string want = req.header("if-match");
  if (want.empty() || want == current || want == "*") return std::nullopt;
  return oci_error(412, "NoEtagMatch", "The resource's etag does not match the if-match header value.");
}

void shrink(Pool& p, int target) {
  int live = static_cast<int>(std::count_if(p.nodes.begin(), p.nodes.end(), [](const Node& n) { return !n.deleting; }));
  for (auto it = p.nodes.rbegin(); it != p.nodes.rend() && live > target; ++it)
    if (!it->deleting) it->deleting = true, --live;
}
}  // namespace

HttpResponse OkeSim::Impl::update_pool(const std::string& id, const HttpRequest& req) {
  auto it = pools.find(id);
  if (it == pools.end() || it->second.state == "DELETED") return not_found(id);
  Pool& p = it->second;
  if (auto s = stale(req, etag(p))) return *s;
  int size = 0;
  json placements;
  if (auto bad = parse_update(json::parse(req.body, nullptr, false), opts, p, size, placements))
    return oci_error(bad->status, bad->code, bad->message);
  if (auto b = busy(id)) return *b;
  bool stockout = false;
  if (auto q = admit(p, size, &stockout)) return *q;
  // Nodes that never launched are retried by the update: drop them.
  std::erase_if(p.nodes, [](const Node& n) { return !n.error.is_null(); });
  p.placements = placements;
  int live = static_cast<int>(std::count_if(p.nodes.begin(), p.nodes.end(), [](const Node& n) { return !n.deleting; }));
  if (size > live) add_nodes(p, size - live, stockout);
  else shrink(p, size);
  p.size = size;
  p.state = "UPDATING";
  p.state_details.clear();
  ++p.version;
  auto now = world.clock().now();
  WorkRequest& wr = start("NODEPOOL_UPDATE", "UPDATED", p, now + world.provisioning_time());
  report(p);
  return accepted(wr);
}

HttpResponse OkeSim::Impl::delete_pool(const std::string& id, const HttpRequest& req) {
  auto it = pools.find(id);
  if (it == pools.end() || it->second.state == "DELETED") return not_found(id);
  Pool& p = it->second;
  if (auto s = stale(req, etag(p))) return *s;
  if (auto b = busy(id)) return *b;
  for (auto& n : p.nodes) n.deleting = true;
  p.state = "DELETING";
  ++p.version;
  auto now = world.clock().now();
  WorkRequest& wr = start("NODEPOOL_DELETE", "DELETED", p, now + world.provisioning_time() / 2);
  report(p);
  return accepted(wr);
}

}  // namespace gpupool::sim::oke
