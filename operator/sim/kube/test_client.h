#pragma once
// Test helper: drives ApiServer::handle directly with a compact request API.
// Test-only (included by *_test.cpp).
#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/kube/api_server.h"

namespace gpupool::sim::kube::testing {

using json = nlohmann::json;

struct Reply {
  HttpResponse raw;
  int status() const { return raw.status; }
  json body() const { return raw.body.empty() ? json() : json::parse(raw.body); }
  std::string header(const std::string& name) const {
    for (const auto& [k, v] : raw.headers)
      if (k == name) return v;
    return "";
  }
};

inline HttpRequest make_request(const std::string& method, const std::string& target, std::string body = "",
                                std::string content_type = "application/json") {
  HttpRequest r;
  r.method = method;
  auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) {
    std::string qs = target.substr(q + 1);
    std::size_t pos = 0;
    while (pos <= qs.size()) {
      auto amp = qs.find('&', pos);
      std::string kv = qs.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
      auto eq = kv.find('=');
      if (!kv.empty()) r.query.emplace(kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1));
      if (amp == std::string::npos) break;
      pos = amp + 1;
    }
  }
  r.body = std::move(body);
  if (!r.body.empty()) r.headers["content-type"] = content_type;
  r.headers["accept"] = "application/json";
  return r;
}

struct Client {
  explicit Client(ApiServer& s) : server(s) {}
  ApiServer& server;
  std::map<std::string, std::string> extra_headers;

  Reply call(const std::string& method, const std::string& target, const std::string& body = "",
             const std::string& content_type = "application/json") {
    HttpRequest r = make_request(method, target, body, content_type);
    for (const auto& [k, v] : extra_headers) r.headers[k] = v;
    return {server.handle(r)};
  }
  Reply get(const std::string& t) { return call("GET", t); }
  Reply post(const std::string& t, const json& b) { return call("POST", t, b.dump()); }
  Reply put(const std::string& t, const json& b) { return call("PUT", t, b.dump()); }
  Reply merge(const std::string& t, const json& b) { return call("PATCH", t, b.dump(), "application/merge-patch+json"); }
  Reply del(const std::string& t, const std::string& body = "") { return call("DELETE", t, body); }
};

// Drains a watch stream until `lines` newline-terminated events arrived, the
// stream ended, or `timeout` passed. next() blocks on a condition variable.
inline std::string read_events(BodyStream& s, std::size_t lines, std::chrono::milliseconds timeout,
                               bool* ended = nullptr) {
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  if (ended) *ended = false;
  while (std::chrono::steady_clock::now() < deadline) {
    auto chunk = s.next(std::chrono::milliseconds(50));
    if (!chunk) {
      if (ended) *ended = true;
      break;
    }
    out += *chunk;
    if (static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n')) >= lines) break;
  }
  return out;
}

inline std::vector<json> parse_lines(const std::string& text) {
  std::vector<json> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    if (nl > pos) out.push_back(json::parse(text.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  return out;
}

inline json gpupool_crd() {
  return json::parse(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
   "metadata":{"name":"gpupools.gpupool.io"},
   "spec":{"group":"gpupool.io","scope":"Namespaced",
     "names":{"plural":"gpupools","kind":"GPUPool","shortNames":["gp"],"categories":["all"]},
     "versions":[{"name":"v1","served":true,"storage":true,
       "subresources":{"status":{},"scale":{"specReplicasPath":".spec.gpus","statusReplicasPath":".status.readyGPUs"}},
       "additionalPrinterColumns":[{"name":"GPUs","type":"integer","jsonPath":".spec.gpus"}],
       "schema":{"openAPIV3Schema":{"type":"object","properties":{
         "spec":{"type":"object","properties":{"gpus":{"type":"integer","minimum":0},"gpuType":{"type":"string"},
                 "provider":{"type":"string","default":"gke"}}},
         "status":{"type":"object","properties":{"readyGPUs":{"type":"integer"},"observedGeneration":{"type":"integer"}}}}}}}]}})");
}

inline json pool(const std::string& name, int gpus = 4, json labels = json::object()) {
  return {{"apiVersion", "gpupool.io/v1"},
          {"kind", "GPUPool"},
          {"metadata", {{"name", name}, {"labels", labels}}},
          {"spec", {{"gpus", gpus}, {"gpuType", "H100"}}}};
}

inline const char* kPools = "/apis/gpupool.io/v1/namespaces/default/gpupools";

}  // namespace gpupool::sim::kube::testing
