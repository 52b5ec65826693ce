#include "cloud/oke/identity_client.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "cloud/oke/client.h"
#include "cloud/oke/errors.h"

namespace gpupool::cloud::oke {

namespace {
constexpr int kMaxPages = 100;  // a region has at most three ADs
}  // namespace

IdentityClient::IdentityClient(std::shared_ptr<http::Transport> transport, std::string path_prefix)
    : transport_(std::move(transport)), prefix_(std::move(path_prefix)) {
  while (!prefix_.empty() && prefix_.back() == '/') prefix_.pop_back();
}

Result<std::vector<std::string>> IdentityClient::list_availability_domains(const std::string& compartment_id) {
  std::vector<std::string> names;
  const std::string base = prefix_ + "/20160918/availabilityDomains?compartmentId=" + url_encode(compartment_id);
  std::string page;
  for (int n = 0; n < kMaxPages; ++n) {
    http::Request req;
    req.target = base + (page.empty() ? "" : "&page=" + url_encode(page));
    req.headers.emplace_back("accept", "application/json");
    auto resp = transport_->send(req);
    if (!resp) return resp.error().with_context("GET " + req.target);
    if (resp->status < 200 || resp->status > 299)
      return map_http_error(resp->status, resp->body, resp->header("retry-after"), resp->header("opc-request-id"));
    auto j = nlohmann::json::parse(resp->body, nullptr, false);
    if (!j.is_array()) return fail(ErrorCode::Unavailable, "GET " + req.target + ": response body is not a JSON array");
    for (const auto& ad : j)
      if (ad.is_object() && ad.contains("name") && ad["name"].is_string() && !ad["name"].get<std::string>().empty())
        names.push_back(ad["name"].get<std::string>());
    page = resp->header("opc-next-page");
    if (page.empty()) {
      std::sort(names.begin(), names.end());
      return names;
    }
  }
  return fail(ErrorCode::Unavailable, "listing availability domains: more than " + std::to_string(kMaxPages) + " pages");
}

}  // namespace gpupool::cloud::oke
