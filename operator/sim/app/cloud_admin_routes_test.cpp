#include "sim/app/cloud_admin_routes.h"

#include <doctest/doctest.h>

using namespace gpupool;
using namespace gpupool::sim;
using namespace gpupool::sim::app;

namespace {
HttpRequest req(std::string method, std::string path, std::string body = "") {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.body = std::move(body);
  return r;
}
nlohmann::json body_of(const HttpResponse& r) { return nlohmann::json::parse(r.body); }
}  // namespace

TEST_CASE("cloud routes reach the World; errors use the admin API's shape") {
  cloud::World world;
  AdminApi admin;
  add_cloud_admin_routes(admin, world, std::chrono::seconds(5));

  auto r = admin.handle(req("POST", "/clouds/capacity",
                            R"({"provider":"gke","region":"us-central1","machineType":"a3-highgpu-8g","nodes":0})"));
  CHECK(r.status == 200);
  CHECK(world.capacity("GKE", "us-central1", "a3-highgpu-8g") == 0);

  r = admin.handle(req("POST", "/clouds/capacity", R"({"provider":"nimbus"})"));
  CHECK(r.status == 400);
  CHECK(body_of(r)["code"] == 400);
  CHECK(body_of(r)["error"].get<std::string>().find("provider") != std::string::npos);

  r = admin.handle(req("GET", "/state"));
  CHECK(r.status == 200);
  CHECK(body_of(r)["pools"].is_array());

  CHECK(admin.handle(req("GET", "/clouds/faults")).status == 405);
  CHECK(admin.handle(req("POST", "/clouds/faults", R"({"provider":"AKS","status":429})")).status == 200);
  CHECK(admin.handle(req("DELETE", "/clouds/faults")).status == 200);
  CHECK_FALSE(world.take_fault("AKS"));
}

TEST_CASE("reset restores the startup provisioning time, not World's default") {
  cloud::World world;
  AdminApi admin;
  add_cloud_admin_routes(admin, world, std::chrono::seconds(5));
  CHECK(admin.handle(req("POST", "/clouds/provisioning", R"({"seconds":0})")).status == 200);
  CHECK(world.provisioning_time() == Clock::duration::zero());
  auto r = admin.handle(req("POST", "/clouds/reset"));
  CHECK(r.status == 200);
  CHECK(body_of(r)["provisioningSeconds"] == 5.0);
  CHECK(world.provisioning_time() == std::chrono::seconds(5));
}
