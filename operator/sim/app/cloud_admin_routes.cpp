#include "sim/app/cloud_admin_routes.h"

#include "sim/cloud/admin_routes.h"
#include "sim/server/sim_log.h"

namespace gpupool::sim::app {
namespace {

// sim/cloud answers errors as Kubernetes Status bodies; the admin API's
// contract is {"error": message, "code": N}, so translate.
HttpResponse to_admin_reply(const HttpResponse& r) {
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  if (r.status >= 400) {
    std::string msg = body.is_object() ? body.value("message", r.body) : r.body;
    return admin_error(r.status, msg);
  }
  return body.is_discarded() ? r : admin_json(r.status, body);
}

}  // namespace

void add_cloud_admin_routes(AdminApi& admin, cloud::World& world, Clock::duration startup_provisioning) {
  auto delegate = [&world](const HttpRequest& req, const AdminParams&) {
    auto reply = to_admin_reply(cloud::handle_admin(world, req));
    if (req.method != "GET")
      log::info("admin: clouds", {{"method", req.method}, {"path", req.path}, {"status", std::to_string(reply.status)}});
    return reply;
  };
  admin.add("GET", "/state", delegate);
  for (const char* path : {"/clouds/capacity", "/clouds/quota", "/clouds/faults", "/clouds/provisioning"})
    admin.add("POST", path, delegate);
  admin.add("DELETE", "/clouds/faults", delegate);
  admin.add("POST", "/clouds/reset", [&world, startup_provisioning, delegate](const HttpRequest& req, const AdminParams& p) {
    auto reply = delegate(req, p);
    // World::reset() goes back to its own 2 s default; the flag wins.
    world.set_provisioning_time(startup_provisioning);
    if (reply.status != 200) return reply;
    return admin_json(200, {{"reset", true},
                            {"provisioningSeconds", std::chrono::duration<double>(startup_provisioning).count()}});
  });
}

}  // namespace gpupool::sim::app
