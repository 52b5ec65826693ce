#include "kube/rest_client_watch.h"

#include "kube/rest_client_errors.h"

namespace gpupool::kube {
namespace {

std::optional<WatchEvent::Type> parse_type(const json& t) {
  if (!t.is_string()) return std::nullopt;
  const auto& s = t.get_ref<const std::string&>();
  if (s == "ADDED") return WatchEvent::Type::Added;
  if (s == "MODIFIED") return WatchEvent::Type::Modified;
  if (s == "DELETED") return WatchEvent::Type::Deleted;
  if (s == "BOOKMARK") return WatchEvent::Type::Bookmark;
  if (s == "ERROR") return WatchEvent::Type::Error;
  return std::nullopt;
}

// Content stays out of the message: a watched object may be a Secret.
Error malformed(std::string_view line, const std::string& why) {
  return Error(ErrorCode::Internal,
               "malformed watch event (" + why + ", " + std::to_string(line.size()) + " bytes)");
}

}  // namespace

Result<std::optional<WatchEvent>> decode_watch_line(std::string_view line) {
  if (line.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::optional<WatchEvent>();
  json doc = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return malformed(line, "not a JSON object");
  auto type = parse_type(doc.contains("type") ? doc["type"] : json());
  if (!type) return malformed(line, "unknown type");
  auto obj = doc.find("object");
  if (obj == doc.end() || !obj->is_object()) return malformed(line, "no object");
  if (*type == WatchEvent::Type::Error) return error_from_status(*obj, 0).with_context("watch");
  WatchEvent ev;
  ev.type = *type;
  ev.object = std::move(*obj);
  return std::optional<WatchEvent>(std::move(ev));
}

}  // namespace gpupool::kube
