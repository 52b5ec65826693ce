#include "kube/rest_client_paths.h"

namespace gpupool::kube {

std::string url_escape(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
  return out;
}

std::string resource_path(const ResourceRef& r, const std::string& ns, const std::string& name,
                          const std::string& subresource) {
  std::string p = r.group.empty() ? "/api/" + r.version : "/apis/" + r.group + "/" + r.version;
  if (r.namespaced && !ns.empty()) p += "/namespaces/" + url_escape(ns);
  p += "/" + r.plural;
  if (!name.empty()) p += "/" + url_escape(name);
  if (!name.empty() && !subresource.empty()) p += "/" + subresource;
  return p;
}

Query& Query::add(std::string_view key, std::string_view value) {
  params_.emplace_back(std::string(key), std::string(value));
  return *this;
}

Query& Query::add_if(std::string_view key, std::string_view value) {
  return value.empty() ? *this : add(key, value);
}

std::string Query::str() const {
  std::string out;
  for (const auto& [k, v] : params_) out += (out.empty() ? "?" : "&") + url_escape(k) + "=" + url_escape(v);
  return out;
}

Query list_query(const ListOptions& o) {
  Query q;
  q.add_if("labelSelector", o.label_selector).add_if("fieldSelector", o.field_selector);
  if (o.limit > 0) q.add("limit", std::to_string(o.limit));
  // A continue token carries its own snapshot; resourceVersion must not be sent with it.
  if (o.continue_token.empty()) q.add_if("resourceVersion", o.resource_version);
  q.add_if("continue", o.continue_token);
  return q;
}

Query watch_query(const WatchOptions& o) {
  Query q;
  q.add("watch", "true");
  q.add_if("resourceVersion", o.resource_version);
  if (o.allow_bookmarks) q.add("allowWatchBookmarks", "true");
  q.add_if("labelSelector", o.label_selector).add_if("fieldSelector", o.field_selector);
  if (o.timeout_seconds > 0) q.add("timeoutSeconds", std::to_string(o.timeout_seconds));
  return q;
}

const char* patch_content_type(PatchType type) {
  switch (type) {
    case PatchType::Merge: return "application/merge-patch+json";
    case PatchType::Json: return "application/json-patch+json";
    case PatchType::Strategic: return "application/strategic-merge-patch+json";
    case PatchType::Apply: return "application/apply-patch+yaml";
  }
  return "application/merge-patch+json";
}

}  // namespace gpupool::kube
