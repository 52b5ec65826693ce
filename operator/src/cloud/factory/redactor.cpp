#include "cloud/factory/redactor.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace gpupool::cloud {
namespace {

constexpr std::string_view kRedacted = "[redacted]";

// The string fields of a JSON key file (GKE service-account.json).
std::vector<std::string> json_strings(const std::string& value) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(value, nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items())
    if (v.is_string() && (k == "private_key" || k == "private_key_id")) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

bool Redactor::is_identifier_key(const std::string& key) {
  static const std::set<std::string> kIds{"tenantId", "clientId", "authorityHost", "tenancy", "user"};
  return kIds.count(key) > 0;
}

Redactor::Redactor(const SecretData& data) {
  for (const auto& [key, value] : data) {
    if (is_identifier_key(key)) continue;
    auto fields = json_strings(value);
    if (fields.empty()) {
      add(value);
    } else {  // a key file: its identifiers (emails, URLs) may stay in messages
      for (const auto& f : fields) add(f);
    }
  }
}

// Stores each line of `value` (PEM bodies are line-wrapped; messages quote lines).
void Redactor::add(const std::string& value) {
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t end = value.find('\n', start);
    if (end == std::string::npos) end = value.size();
    std::string line = value.substr(start, end - start);
    if (line.size() >= kMinFragment && line.rfind("-----", 0) != 0) sensitive_.push_back(std::move(line));
    start = end + 1;
  }
}

// Longest run starting at `at` that occurs inside some sensitive value (0 if < kMinFragment).
std::size_t Redactor::match_length(std::string_view message, std::size_t at) const {
  std::size_t best = 0;
  for (const auto& s : sensitive_) {
    std::size_t len = kMinFragment;
    if (at + len > message.size() || s.find(message.substr(at, len)) == std::string::npos) continue;
    while (at + len < message.size() && s.find(message.substr(at, len + 1)) != std::string::npos) ++len;
    best = std::max(best, len);
  }
  return best;
}

std::string Redactor::apply(std::string_view message) const {
  std::string out;
  for (std::size_t i = 0; i < message.size();) {
    std::size_t n = match_length(message, i);
    if (n == 0) {
      out += message[i++];
      continue;
    }
    out += kRedacted;
    i += n;
  }
  return out;
}

Error Redactor::apply(Error e) const {
  e.message = apply(e.message);
  e.reason = apply(e.reason);
  return e;
}

template <typename T>
Result<T> RedactingProvider::scrub(Result<T> r) const {
  if (r) return r;
  return redactor_->apply(r.error());
}

Result<std::vector<NodePool>> RedactingProvider::list() { return scrub(inner_->list()); }
Result<NodePool> RedactingProvider::get(const std::string& id) { return scrub(inner_->get(id)); }
Result<Operation> RedactingProvider::create(const NodePoolSpec& spec) { return scrub(inner_->create(spec)); }
Result<Operation> RedactingProvider::resize(const NodePool& pool, int nodes) {
  return scrub(inner_->resize(pool, nodes));
}
Result<Operation> RedactingProvider::set_autoscaling(const NodePool& pool, bool enabled, int min_nodes,
                                                     int max_nodes) {
  return scrub(inner_->set_autoscaling(pool, enabled, min_nodes, max_nodes));
}
Result<Operation> RedactingProvider::remove(const NodePool& pool) { return scrub(inner_->remove(pool)); }
Result<OperationStatus> RedactingProvider::poll(const Operation& op) {
  auto r = scrub(inner_->poll(op));
  if (r && r->error) r->error = redactor_->apply(*r->error);  // async failures carry cloud text too
  return r;
}

}  // namespace gpupool::cloud
