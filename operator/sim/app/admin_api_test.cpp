#include "sim/app/admin_api.h"

#include <doctest/doctest.h>

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

TEST_CASE("routes match literal and {param} segments; 404 and 405 otherwise") {
  AdminApi api;
  api.add("GET", "/healthz", [](const HttpRequest&, const AdminParams&) { return admin_json(200, {{"ok", true}}); });
  api.add("POST", "/clouds/{cloud}/faults", [](const HttpRequest&, const AdminParams& p) {
    return admin_json(200, {{"cloud", p.at("cloud")}});
  });
  CHECK(api.handle(req("GET", "/healthz")).status == 200);
  CHECK(api.handle(req("GET", "/healthz/")).status == 200);
  auto r = api.handle(req("POST", "/clouds/gke/faults"));
  CHECK(body_of(r)["cloud"] == "gke");
  r = api.handle(req("GET", "/clouds/gke/faults"));
  CHECK(r.status == 405);
  CHECK(body_of(r)["code"] == 405);
  r = api.handle(req("GET", "/nope"));
  CHECK(r.status == 404);
  CHECK(body_of(r)["error"].get<std::string>().find("/nope") != std::string::npos);
  CHECK(body_of(api.handle(req("GET", "/")))["routes"].size() == 2);
}

TEST_CASE("body and field helpers answer 400 with a reason") {
  HttpResponse err;
  CHECK_FALSE(parse_object(req("POST", "/x", "{bad"), false, err));
  CHECK(err.status == 400);
  CHECK_FALSE(parse_object(req("POST", "/x", "[1]"), false, err));
  CHECK_FALSE(parse_object(req("POST", "/x", ""), false, err));
  CHECK(parse_object(req("POST", "/x", " "), true, err)->empty());
  auto obj = nlohmann::json::parse(R"({"n":5,"s":"x","f":1.5,"t":"5"})");
  CHECK(int_field(obj, "n", std::nullopt, 0, 10, err) == 5);
  CHECK_FALSE(int_field(obj, "n", std::nullopt, 6, 10, err));
  CHECK_FALSE(int_field(obj, "f", std::nullopt, 0, 10, err));
  CHECK_FALSE(int_field(obj, "t", std::nullopt, 0, 10, err));
  CHECK_FALSE(int_field(obj, "missing", std::nullopt, 0, 10, err));
  CHECK(body_of(err)["error"] == "field \"missing\" is required");
  CHECK(int_field(obj, "missing", 3, 0, 10, err) == 3);
  CHECK(string_field(obj, "s", "", err) == "x");
  CHECK_FALSE(string_field(obj, "n", "", err));
}
