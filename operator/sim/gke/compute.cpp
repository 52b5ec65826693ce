// Compute Engine instanceGroupManagers get / listManagedInstances for the
// simulated GKE pools: one zonal managed instance group per pool and zone.
#include "sim/gke/google_error.h"
#include "sim/gke/sim_impl.h"

namespace gpupool::sim::gke {

std::string GkeSim::Impl::igm_name(const Pool& p) const {
  std::string stem = "gke-" + opts.cluster + "-" + p.name;
  if (stem.size() > 48) stem.resize(48);
  return stem + "-" + p.igm_suffix + "-grp";
}

std::string GkeSim::Impl::igm_url(const Pool& p, const std::string& zone) const {
  return opts.base_url + "/compute/v1/projects/" + opts.project + "/zones/" + zone + "/instanceGroupManagers/" +
         igm_name(p);
}

namespace {
struct Status {
  std::string instance_status, action;
};

Status instance_state(const Instance& i, TimePoint now, Clock::duration provisioning) {
  if (i.deleting) return {"STOPPING", "DELETING"};
  if (now >= i.ready_at) return {"RUNNING", "NONE"};
  // First half PROVISIONING, then STAGING, as GCE reports VM boot.
  return {now + provisioning / 2 < i.ready_at ? "PROVISIONING" : "STAGING", "CREATING"};
}

HttpResponse ok(const json& j) {
  auto r = HttpResponse::json(200, j.dump());
  r.headers = {{"Content-Type", "application/json; charset=UTF-8"}};
  return r;
}
}  // namespace

HttpResponse GkeSim::Impl::compute_api(const HttpRequest& req) {
  // /compute/v1/projects/{p}/zones/{z}/instanceGroupManagers/{igm}[/listManagedInstances]
  const std::string prefix = "/compute/v1/projects/" + opts.project + "/zones/";
  auto fail = [&] {
    return google_error(404, "NOT_FOUND", "notFound",
                        "The resource '" + req.path.substr(std::min<std::size_t>(12, req.path.size())) + "' was not found");
  };
  if (req.path.rfind(prefix, 0) != 0) return fail();
  std::string rest = req.path.substr(prefix.size());
  auto slash = rest.find('/');
  if (slash == std::string::npos) return fail();
  std::string zone = rest.substr(0, slash), tail = rest.substr(slash + 1);
  const std::string kind = "instanceGroupManagers/";
  if (tail.rfind(kind, 0) != 0) return fail();
  tail = tail.substr(kind.size());
  bool list = false;
  if (auto s = tail.find('/'); s != std::string::npos) {
    list = tail.substr(s + 1) == "listManagedInstances";
    if (!list || req.method != "POST") return fail();
    tail = tail.substr(0, s);
  }
  for (const auto& [name, p] : pools) {
    if (igm_name(p) != tail || std::find(p.zones.begin(), p.zones.end(), zone) == p.zones.end()) continue;
    auto now = world.clock().now();
    auto prov = world.provisioning_time();
    const auto& instances = p.instances.count(zone) ? p.instances.at(zone) : std::vector<Instance>{};
    std::string zone_url = opts.base_url + "/compute/v1/projects/" + opts.project + "/zones/" + zone;
    if (list) {
      json mis = json::array();
      for (const auto& i : instances) {
        auto st = instance_state(i, now, prov);
        mis.push_back({{"instance", zone_url + "/instances/" + i.name}, {"instanceStatus", st.instance_status},
                       {"currentAction", st.action}, {"name", i.name}});
      }
      return ok({{"managedInstances", mis}});
    }
    int none = 0, creating = 0, deleting = 0, target = 0;
    for (const auto& i : instances) {
      auto st = instance_state(i, now, prov);
      if (st.action == "NONE") ++none;
      else if (st.action == "CREATING") ++creating;
      else ++deleting;
      if (!i.deleting) ++target;
    }
    return ok({{"kind", "compute#instanceGroupManager"}, {"name", tail}, {"zone", zone_url},
               {"targetSize", target}, {"baseInstanceName", tail.substr(0, tail.size() - 4)},
               {"instanceGroup", zone_url + "/instanceGroups/" + tail},
               {"selfLink", zone_url + "/instanceGroupManagers/" + tail},
               {"currentActions", {{"none", none}, {"creating", creating}, {"deleting", deleting}, {"abandoning", 0},
                                   {"recreating", 0}, {"refreshing", 0}, {"restarting", 0}, {"verifying", 0}}},
               {"status", {{"isStable", creating == 0 && deleting == 0}}}});
  }
  return fail();
}

}  // namespace gpupool::sim::gke
