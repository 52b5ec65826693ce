#include "sim/kube/status_errors.h"

namespace gpupool::sim::kube {

using json = nlohmann::json;

json ApiError::to_json() const {
  json s = {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", status_metadata},
            {"status", "Failure"}, {"message", message}};
  if (!reason.empty()) s["reason"] = reason;
  json d = details.is_object() ? details : json::object();
  if (retry_after_seconds > 0) d["retryAfterSeconds"] = retry_after_seconds;
  if (!d.empty()) s["details"] = d;
  s["code"] = code;
  return s;
}

std::string qualified_resource(const Target& t) {
  return t.group.empty() ? t.resource : t.resource + "." + t.group;
}

static json target_details(const Target& t) {
  json d = json::object();
  if (!t.name.empty()) d["name"] = t.name;
  if (!t.group.empty()) d["group"] = t.group;
  d["kind"] = t.resource;
  return d;
}

ApiError not_found(const Target& t) {
  return {404, "NotFound", qualified_resource(t) + " \"" + t.name + "\" not found", target_details(t)};
}

ApiError path_not_found() {
  return {404, "NotFound", "the server could not find the requested resource", nullptr};
}

ApiError already_exists(const Target& t) {
  return {409, "AlreadyExists", qualified_resource(t) + " \"" + t.name + "\" already exists", target_details(t)};
}

ApiError conflict(const Target& t, const std::string& why) {
  return {409, "Conflict", "Operation cannot be fulfilled on " + qualified_resource(t) + " \"" + t.name + "\": " + why,
          target_details(t)};
}

ApiError optimistic_lock_conflict(const Target& t) {
  return conflict(t, "the object has been modified; please apply your changes to the latest version and try again");
}

ApiError invalid(const std::string& kind, const std::string& group, const std::string& name, const json& causes) {
  std::string qualified = group.empty() ? kind : kind + "." + group;
  std::vector<std::string> parts;
  for (const auto& c : causes) {
    std::string field = c.value("field", "");
    std::string msg = c.value("message", "");
    parts.push_back(field.empty() ? msg : field + ": " + msg);
  }
  std::string joined;
  if (parts.size() == 1) {
    joined = parts[0];
  } else {
    joined = "[";
    for (std::size_t i = 0; i < parts.size(); ++i) joined += (i ? ", " : "") + parts[i];
    joined += "]";
  }
  json d = {{"name", name}, {"kind", kind}, {"causes", causes}};
  if (!group.empty()) d["group"] = group;
  return {422, "Invalid", qualified + " \"" + name + "\" is invalid: " + joined, d};
}

ApiError invalid_field(const std::string& kind, const std::string& group, const std::string& name,
                       const std::string& field, const std::string& reason, const std::string& message) {
  return invalid(kind, group, name, json::array({{{"reason", reason}, {"message", message}, {"field", field}}}));
}

ApiError bad_request(const std::string& message) { return {400, "BadRequest", message, nullptr}; }

ApiError method_not_allowed(const std::string& verb, const std::string& resource) {
  return {405, "MethodNotAllowed", verb + " is not supported on resources of kind \"" + resource + "\"", nullptr};
}

ApiError unsupported_media_type(const std::string& message) {
  return {415, "UnsupportedMediaType", message, nullptr};
}

ApiError expired(const std::string& message) { return {410, "Expired", message, nullptr}; }

ApiError internal_error(const std::string& message) {
  return {500, "InternalError", "Internal error occurred: " + message, json{{"causes", json::array({{{"message", message}}})}}};
}

ApiError forbidden(const std::string& message) { return {403, "Forbidden", message, nullptr}; }

ApiError unauthorized() { return {401, "Unauthorized", "Unauthorized", nullptr}; }

ApiError from_code(int code, const std::string& message, int retry_after_seconds) {
  ApiError e{code, "", message, nullptr, retry_after_seconds};
  switch (code) {
    case 400: e.reason = "BadRequest"; break;
    case 401: e.reason = "Unauthorized"; break;
    case 403: e.reason = "Forbidden"; break;
    case 404: e.reason = "NotFound"; break;
    case 409: e.reason = "Conflict"; break;
    case 410: e.reason = "Expired"; break;
    case 422: e.reason = "Invalid"; break;
    case 429: e.reason = "TooManyRequests"; break;
    case 500: e.reason = "InternalError"; break;
    case 503: e.reason = "ServiceUnavailable"; break;
    case 504: e.reason = "Timeout"; break;
    default: break;
  }
  return e;
}

HttpResponse error_response(const ApiError& e) {
  HttpResponse r = HttpResponse::json(e.code, e.to_json().dump());
  if (e.retry_after_seconds > 0) r.headers.emplace_back("Retry-After", std::to_string(e.retry_after_seconds));
  return r;
}

json success_status(const Target& t, const std::string& uid) {
  json d = target_details(t);
  if (!uid.empty()) d["uid"] = uid;
  return {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()}, {"status", "Success"}, {"details", d}};
}

}  // namespace gpupool::sim::kube
