#include "sim/aks/arm_error.h"

#include <chrono>
#include <ctime>

#include <nlohmann/json.hpp>

#include "sim/aks/ids.h"

namespace gpupool::sim::aks {

using nlohmann::json;

namespace {
HttpResponse json_reply(int status, const json& body) {
  auto r = HttpResponse::json(status, body.dump());
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  return r;
}
}  // namespace

HttpResponse arm_error(int status, const std::string& code, const std::string& message) {
  return json_reply(status, {{"error", {{"code", code}, {"message", message}}}});
}

HttpResponse rp_error(int status, const std::string& code, const std::string& message, const std::string& subcode) {
  return json_reply(status, {{"code", code}, {"details", nullptr}, {"message", message}, {"subcode", subcode}});
}

HttpResponse aad_error(int status, const std::string& error, const std::string& aadsts, const std::string& text) {
  std::string trace = guid(), correlation = guid();
  std::string now = rfc3339(std::chrono::system_clock::now());
  json body = {{"error", error},
               {"error_description", "AADSTS" + aadsts + ": " + text + " Trace ID: " + trace +
                                         " Correlation ID: " + correlation + " Timestamp: " + now},
               {"error_codes", json::array({std::stol(aadsts)})},
               {"timestamp", now},
               {"trace_id", trace},
               {"correlation_id", correlation},
               {"error_uri", "https://login.microsoftonline.com/error?code=" + aadsts}};
  auto r = json_reply(status, body);
  r.headers.emplace_back("client-request-id", correlation);
  return r;
}

}  // namespace gpupool::sim::aks
