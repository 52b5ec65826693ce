#include "sim/server/status_body.h"

#include <nlohmann/json.hpp>

namespace gpupool::sim {

std::string status_body(int code, std::string_view reason, std::string_view message) {
  nlohmann::json j = {{"kind", "Status"},          {"apiVersion", "v1"},
                      {"metadata", nlohmann::json::object()},
                      {"status", "Failure"},       {"message", std::string(message)},
                      {"reason", std::string(reason)}, {"code", code}};
  // Replace invalid UTF-8 (e.g. echoed request bytes) instead of throwing.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpResponse status_response(int code, std::string_view reason, std::string_view message) {
  return HttpResponse::json(code, status_body(code, reason, message));
}

}  // namespace gpupool::sim
