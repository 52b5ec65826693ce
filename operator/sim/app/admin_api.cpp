#include "sim/app/admin_api.h"

#include <set>

namespace gpupool::sim::app {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_param(const std::string& seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& path, AdminParams& params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_param(pattern[i])) params[pattern[i].substr(1, pattern[i].size() - 2)] = path[i];
    else if (pattern[i] != path[i]) return false;
  }
  return true;
}

}  // namespace

void AdminApi::add(const std::string& method, const std::string& pattern, AdminRoute route) {
  for (auto& e : routes_) {
    if (e.method == method && e.pattern == pattern) {
      e.route = std::move(route);
      return;
    }
  }
  routes_.push_back(Entry{method, split_path(pattern), pattern, std::move(route)});
}

HttpResponse AdminApi::handle(const HttpRequest& req) const {
  auto path = split_path(req.path);
  if (path.empty() && req.method == "GET") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : routes_) list.push_back(e.method + " " + e.pattern);
    return admin_json(200, {{"routes", list}});
  }
  std::set<std::string> allowed;
  for (const auto& e : routes_) {
    AdminParams params;
    if (!match(e.segments, path, params)) continue;
    if (e.method == req.method) return e.route(req, params);
    allowed.insert(e.method);
  }
  if (allowed.empty()) return admin_error(404, "no admin route for " + req.path);
  std::string allow;
  for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  auto resp = admin_error(405, req.method + " is not supported on " + req.path + " (allowed: " + allow + ")");
  resp.headers.emplace_back("Allow", allow);
  return resp;
}

HttpResponse admin_json(int status, const nlohmann::json& body) {
  return HttpResponse::json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

HttpResponse admin_error(int status, const std::string& message) {
  return admin_json(status, {{"error", message}, {"code", status}});
}

std::optional<nlohmann::json> parse_object(const HttpRequest& req, bool allow_empty, HttpResponse& error) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    if (allow_empty) return nlohmann::json::object();
    error = admin_error(400, "request body must be a JSON object");
    return std::nullopt;
  }
  auto j = nlohmann::json::parse(req.body, nullptr, false);
  if (j.is_discarded()) {
    error = admin_error(400, "request body is not valid JSON");
    return std::nullopt;
  }
  if (!j.is_object()) {
    error = admin_error(400, "request body must be a JSON object");
    return std::nullopt;
  }
  return j;
}

std::optional<long long> int_field(const nlohmann::json& obj, const std::string& key, std::optional<long long> fallback,
                                   long long min, long long max, HttpResponse& error) {
  if (!obj.contains(key) || obj[key].is_null()) {
    if (fallback) return fallback;
    error = admin_error(400, "field \"" + key + "\" is required");
    return std::nullopt;
  }
  const auto& v = obj[key];
  if (!v.is_number_integer()) {
    error = admin_error(400, "field \"" + key + "\" must be an integer");
    return std::nullopt;
  }
  long long n = v.get<long long>();
  if (n < min || n > max) {
    error = admin_error(400, "field \"" + key + "\" must be between " + std::to_string(min) + " and " +
                                 std::to_string(max) + ", got " + std::to_string(n));
    return std::nullopt;
  }
  return n;
}

std::optional<std::string> string_field(const nlohmann::json& obj, const std::string& key, const std::string& fallback,
                                        HttpResponse& error) {
  if (!obj.contains(key) || obj[key].is_null()) return fallback;
  if (!obj[key].is_string()) {
    error = admin_error(400, "field \"" + key + "\" must be a string");
    return std::nullopt;
  }
  return obj[key].get<std::string>();
}

}  // namespace gpupool::sim::app
