#pragma once
// The admin API router (docs/simulator.md, "Admin API"): a route table of
// (method, path pattern) -> handler. Patterns are literal segments plus
// `{name}` placeholders ("/clouds/{cloud}/faults"), so each simulated API
// registers its own test hooks (kube_admin_routes.*, later the clouds).
// Replies are JSON; errors are {"error": "...", "code": N}.
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/server/http_types.h"

namespace gpupool::sim::app {

using AdminParams = std::map<std::string, std::string>;  // values of {name} segments
using AdminRoute = std::function<HttpResponse(const HttpRequest&, const AdminParams&)>;

class AdminApi {
 public:
  // Registers a route. Call before serving; not thread-safe with handle().
  // A later add() for the same method and pattern replaces the earlier one.
  void add(const std::string& method, const std::string& pattern, AdminRoute route);
  // Dispatches; 404 for unknown paths, 405 (with Allow) for known paths with
  // another method. `GET /` lists the routes. Thread-safe once serving.
  HttpResponse handle(const HttpRequest& req) const;

 private:
  struct Entry {
    std::string method;
    std::vector<std::string> segments;
    std::string pattern;
    AdminRoute route;
  };
  std::vector<Entry> routes_;
};

// ---- helpers for route implementations ----
HttpResponse admin_json(int status, const nlohmann::json& body);
HttpResponse admin_error(int status, const std::string& message);

// Parses the request body as a JSON object ("" counts as {} when
// allow_empty). On failure returns nullopt and sets `error` to a 400 reply.
std::optional<nlohmann::json> parse_object(const HttpRequest& req, bool allow_empty, HttpResponse& error);

// Reads an integer field in [min, max]; `fallback` when absent (nullopt
// fallback = required). On failure returns nullopt and sets `error` (400).
std::optional<long long> int_field(const nlohmann::json& obj, const std::string& key, std::optional<long long> fallback,
                                   long long min, long long max, HttpResponse& error);
// Reads a string field; `fallback` when absent.
std::optional<std::string> string_field(const nlohmann::json& obj, const std::string& key, const std::string& fallback,
                                        HttpResponse& error);

}  // namespace gpupool::sim::app
