#include "cloud/ownership.h"

#include <cctype>
#include <cstdint>
#include <cstdio>

namespace gpupool::cloud {

namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Keeps [a-z0-9-], maps everything else to '-', squeezes repeats and trims.
std::string slug(std::string_view s) {
  std::string out;
  for (char c : lower(s)) {
    bool ok = std::isalnum(static_cast<unsigned char>(c));
    if (ok) out += c;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// Cuts `s` to `max` chars keeping a hash of the whole value at the end, so
// two different long values never map to the same short one.
std::string shorten(const std::string& s, std::size_t max, char sep) {
  if (s.size() <= max) return s;
  std::string h = short_hash(s).substr(0, 8);
  std::string head = s.substr(0, max - h.size() - 1);
  return head + sep + h;
}

std::string name_key(const Owner& o) { return o.ns + "/" + o.name + "/" + o.target; }

std::string gke_like_name(const Owner& o, std::size_t max) {
  std::string h = short_hash(name_key(o)).substr(0, 8);
  std::string body = slug(o.name) + "-" + slug(o.target);
  std::size_t room = max - 3 - 1 - h.size();  // "gp-" + body + "-" + hash
  if (body.size() > room) body = body.substr(0, room);
  while (!body.empty() && body.back() == '-') body.pop_back();
  return "gp-" + (body.empty() ? std::string() : body + "-") + h;
}
}  // namespace

std::string short_hash(std::string_view data) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string sanitize_tag_value(std::string_view provider, std::string_view value) {
  if (provider == "GKE") {
    std::string out;
    for (char c : lower(value)) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
    return shorten(out, 63, '-');
  }
  if (provider == "CoreWeave") {
    std::string out;
    for (char c : value) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    out = shorten(out, 63, '-');
    while (!out.empty() && !std::isalnum(static_cast<unsigned char>(out.front()))) out.erase(0, 1);
    while (!out.empty() && !std::isalnum(static_cast<unsigned char>(out.back()))) out.pop_back();
    return out;
  }
  return std::string(value);
}

std::map<std::string, std::string> ownership_tags(std::string_view provider, const Owner& owner) {
  return {{std::string(kTagOwnerNamespace), sanitize_tag_value(provider, owner.ns)},
          {std::string(kTagOwnerName), sanitize_tag_value(provider, owner.name)},
          {std::string(kTagOwnerUid), sanitize_tag_value(provider, owner.uid)},
          {std::string(kTagTarget), sanitize_tag_value(provider, owner.target)}};
}

std::optional<Owner> owner_from_tags(const std::map<std::string, std::string>& tags) {
  auto get = [&](std::string_view key) -> std::string {
    auto it = tags.find(std::string(key));
    return it == tags.end() ? std::string() : it->second;
  };
  Owner o{get(kTagOwnerNamespace), get(kTagOwnerName), get(kTagOwnerUid), get(kTagTarget)};
  if (o.ns.empty() || o.name.empty() || o.uid.empty() || o.target.empty()) return std::nullopt;
  return o;
}

Owner stored_owner(std::string_view provider, const Owner& owner) {
  return owner_from_tags(ownership_tags(provider, owner)).value_or(Owner{});
}

std::string pool_name(std::string_view provider, const Owner& owner) {
  if (provider == "AKS") return "gp" + short_hash(name_key(owner)).substr(0, 10);
  if (provider == "GKE") return gke_like_name(owner, 40);
  if (provider == "OKE") return shorten("gpupool-" + slug(owner.ns) + "-" + slug(owner.name) + "-" + slug(owner.target), 100, '-');
  return gke_like_name(owner, 63);
}

}  // namespace gpupool::cloud
