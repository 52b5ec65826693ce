#include "sim/app/kube_admin_routes.h"

#include "sim/server/sim_log.h"

namespace gpupool::sim::app {
namespace {

HttpResponse post_faults(kube::ApiServer& api, const HttpRequest& req) {
  HttpResponse err;
  auto body = parse_object(req, false, err);
  if (!body) return err;
  auto count = int_field(*body, "count", 1, 0, 1000000, err);
  if (!count) return err;
  auto status = int_field(*body, "status", std::nullopt, 400, 599, err);
  if (!status) return err;
  auto retry = int_field(*body, "retryAfterSeconds", 0, 0, 3600, err);
  if (!retry) return err;
  auto prefix = string_field(*body, "pathPrefix", "", err);
  if (!prefix) return err;
  api.fail_next(static_cast<int>(*count), static_cast<int>(*status), static_cast<int>(*retry), *prefix);
  log::info("admin: faults armed", {{"count", std::to_string(*count)}, {"status", std::to_string(*status)},
                                    {"pathPrefix", *prefix}});
  return admin_json(200, {{"count", *count}, {"status", *status}, {"retryAfterSeconds", *retry}, {"pathPrefix", *prefix}});
}

HttpResponse post_latency(kube::ApiServer& api, const HttpRequest& req) {
  HttpResponse err;
  auto body = parse_object(req, false, err);
  if (!body) return err;
  auto ms = int_field(*body, "ms", std::nullopt, 0, 60000, err);
  if (!ms) return err;
  api.set_latency(std::chrono::milliseconds(*ms));
  log::info("admin: latency set", {{"ms", std::to_string(*ms)}});
  return admin_json(200, {{"ms", *ms}});
}

HttpResponse post_crd(kube::ApiServer& api, const HttpRequest& req) {
  HttpResponse err;
  auto body = parse_object(req, false, err);
  if (!body) return err;
  auto st = api.install_crd(*body);
  if (!st.ok) return admin_error(422, st.message);
  return admin_json(200, {{"installed", body->value(nlohmann::json::json_pointer("/metadata/name"), std::string())}});
}

}  // namespace

void add_kube_admin_routes(AdminApi& admin, kube::ApiServer& api, std::function<nlohmann::json()> transport_stats) {
  admin.add("POST", "/faults", [&api](const HttpRequest& r, const AdminParams&) { return post_faults(api, r); });
  admin.add("POST", "/latency", [&api](const HttpRequest& r, const AdminParams&) { return post_latency(api, r); });
  admin.add("POST", "/crds", [&api](const HttpRequest& r, const AdminParams&) { return post_crd(api, r); });
  admin.add("POST", "/watches/drop", [&api](const HttpRequest&, const AdminParams&) {
    api.drop_watches();
    log::info("admin: watches dropped");
    return admin_json(200, {{"dropped", true}});
  });
  admin.add("POST", "/history/compact", [&api](const HttpRequest&, const AdminParams&) {
    api.compact();
    log::info("admin: history compacted");
    return admin_json(200, {{"compacted", true}});
  });
  admin.add("GET", "/stats", [&api, transport_stats](const HttpRequest&, const AdminParams&) {
    nlohmann::json s = api.stats();
    if (transport_stats) s["transport"] = transport_stats();
    return admin_json(200, s);
  });
}

}  // namespace gpupool::sim::app
