// agentPools PUT of the simulated AKS: create or full replacement, with
// preconditions, busy check, vCPU quota (sync) and capacity (async) from the
// shared World, and node readiness over the World's provisioning time.
#include "sim/aks/arm_error.h"
#include "sim/aks/ids.h"
#include "sim/aks/pool_validate.h"
#include "sim/aks/sim_impl.h"

namespace gpupool::sim::aks {

namespace {
Failure stockout(bool zonal) {
  if (zonal)
    return {"ZonalAllocationFailed",
            "Allocation failed. We do not have sufficient capacity for the requested VM size in this zone. Read more "
            "about improving likelihood of allocation success at http://aka.ms/allocation-guidance"};
  return {"AllocationFailed",
          "Allocation failed. We do not have sufficient capacity for the requested VM size in this region. Read more "
          "about improving likelihood of allocation success at http://aka.ms/allocation-guidance"};
}

// Grows or shrinks the node list; new nodes get staggered ready times.
void resize_nodes(Pool& p, int count, cloud::World& world) {
  int have = static_cast<int>(p.nodes.size());
  if (count < have) p.nodes.resize(count);
  if (count > have)
    for (auto t : world.ready_schedule(count - have)) p.nodes.push_back(t);
}
}  // namespace

std::optional<HttpResponse> AksSim::Impl::admit(const ValidPool& v, const std::string& existing, bool growing,
                                               std::optional<Failure>& failure) {
  if (!growing) return std::nullopt;  // shrinking or updating never needs capacity
  int count = v.props["count"].get<int>();
  std::string key = v.props["scaleSetPriority"] == "Spot" ? kLowPriorityQuota : v.size.family;
  int want = count * v.size.vcpus;
  auto a = world.admit({"AKS", opts.location, v.size.name, existing, opts.cluster, count, {{key, want}}});
  if (a.admission == cloud::Admission::Quota)
    return rp_error(400, "ErrCode_InsufficientVCPUQuota",
                    "Insufficient vcpu quota requested " + std::to_string(want) + ", remaining " +
                        std::to_string(std::max(0, a.limit - a.used)) + " for family " + a.quota_key + " for region " +
                        opts.location + ". Surge nodes would also consume vcpu quota.");
  if (a.admission == cloud::Admission::Stockout) failure = stockout(v.props.contains("availabilityZones"));
  return std::nullopt;
}

HttpResponse AksSim::Impl::put_pool(const HttpRequest& req, const std::string& name, const std::string& identity) {
  if (!valid_pool_name(name))
    return rp_error(400, "InvalidParameter",
                    "The agent pool name '" + name + "' is invalid. Agent pool names must start with a lowercase "
                    "letter, have max length of 12 (6 for Windows), and only have characters a-z0-9.");
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return arm_error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
  const json props = body.contains("properties") && body["properties"].is_object() ? body["properties"] : json::object();
  auto it = pools.find(name);
  Pool* existing = it == pools.end() ? nullptr : &it->second;
  if (auto pre = precondition(req, existing)) return *pre;
  if (auto bad = validate_tags(props)) return *bad;
  ValidPool v;
  if (auto bad = validate_pool(props, existing ? existing->props : json(), opts.orchestrator_version, v)) return *bad;
  if (auto b = busy(name)) return *b;

  int count = v.props["count"].get<int>();
  int have = existing ? static_cast<int>(existing->nodes.size()) : 0;
  std::optional<Failure> failure;
  if (auto quota = admit(v, existing ? name : "", count > have, failure)) return *quota;

  bool created = existing == nullptr;
  Pool& p = created ? pools[name] : *existing;
  if (created) {
    p.name = name;
    p.created_by = identity;
  }
  p.state = created ? "Creating" : count != have ? "Scaling" : "Updating";
  p.props = std::move(v.props);  // PUT replaces: omitted labels/taints are gone
  p.size = v.size;
  p.etag = guid();
  p.provisioning_error = nullptr;
  // A stockout leaves the existing nodes; nothing new is allocated.
  resize_nodes(p, failure ? std::min(count, have) : count, world);
  report(p);
  const Op& op = start_op("put", name, failure);
  auto r = HttpResponse::json(created ? 201 : 200, render(req, p).dump());
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  add_op_headers(req, r, op);
  return r;
}

}  // namespace gpupool::sim::aks
