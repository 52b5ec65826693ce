#include "sim/gke/google_error.h"

#include <nlohmann/json.hpp>

namespace gpupool::sim::gke {

HttpResponse google_error(int http, const std::string& status, const std::string& reason, const std::string& message) {
  nlohmann::ordered_json e;
  e["code"] = http;
  e["message"] = message;
  e["errors"] = nlohmann::json::array({{{"message", message}, {"domain", "global"}, {"reason", reason}}});
  e["status"] = status;
  nlohmann::ordered_json body;
  body["error"] = e;
  auto r = HttpResponse::json(http, body.dump());
  r.headers = {{"Content-Type", "application/json; charset=UTF-8"}};
  return r;
}

HttpResponse not_found(const std::string& resource) {
  return google_error(404, "NOT_FOUND", "notFound", "Not found: " + resource + ".");
}

HttpResponse already_exists(const std::string& resource) {
  return google_error(409, "ALREADY_EXISTS", "alreadyExists", "Already exists: " + resource + ".");
}

HttpResponse invalid_argument(const std::string& message) {
  return google_error(400, "INVALID_ARGUMENT", "badRequest", message);
}

HttpResponse unauthenticated() {
  auto r = google_error(401, "UNAUTHENTICATED", "unauthorized",
                        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
                        "or other valid authentication credential. See "
                        "https://developers.google.com/identity/sign-in/web/devconsole-project.");
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
  return r;
}

HttpResponse oauth_error(int http, const std::string& error, const std::string& description) {
  return HttpResponse::json(http, nlohmann::json{{"error", error}, {"error_description", description}}.dump());
}

}  // namespace gpupool::sim::gke
