// meta.k8s.io/v1 Table rendering as the CRD table convertor does it
// (apiextensions tableconvertor.go): a Name column, then the printer columns
// (default Age on .metadata.creationTimestamp); string cells are printed
// values, integer/number/boolean cells JSON values of that type, date cells
// HumanDuration(now - t); absent values are null cells.
#include "sim/kube/schema/table.h"

#include <cctype>
#include <cmath>
#include <optional>
#include <cstdio>
#include <ctime>

#include "sim/kube/schema/field_error.h"

namespace gpupool::sim::kube::table {
namespace {

const char* const kNameDescription =
    "Name must be unique within a namespace. Is required when creating resources, although some resources may allow "
    "a client to request the generation of an appropriate name automatically. Name is primarily intended for creation "
    "idempotence and configuration definition. Cannot be updated. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
const char* const kCreationDescription =
    "CreationTimestamp is a timestamp representing the server time when this object was created. It is not "
    "guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is "
    "represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: "
    "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

json printer_columns(const ResourceInfo& info) {
  if (info.printer_columns.is_array() && !info.printer_columns.empty()) return info.printer_columns;
  return json::array({{{"name", "Age"}, {"type", "date"}, {"description", kCreationDescription},
                       {"jsonPath", ".metadata.creationTimestamp"}}});
}

// RFC 3339 ("2024-05-01T10:00:00Z", fractional seconds and offsets allowed).
std::optional<std::chrono::system_clock::time_point> parse_time(const std::string& s) {
  int y, mo, d, h, mi, sec;
  int n = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6) return std::nullopt;
  size_t i = static_cast<size_t>(n);
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  }
  long offset = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh = 0, om = 0;
    if (std::sscanf(s.c_str() + i + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    offset = (s[i] == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
    i += 6;
  } else if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else {
    return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  return std::chrono::system_clock::from_time_t(timegm(&tm) - offset);
}

json date_cell(const json& v, std::chrono::system_clock::time_point now) {
  if (!v.is_string()) return nullptr;
  const std::string s = v.get<std::string>();
  if (s.rfind("0001-01-01T00:00:00", 0) == 0) return "<unknown>";  // zero metav1.Time
  auto t = parse_time(s);
  if (!t) return "<invalid>";
  return human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - *t));
}

json cell(const std::string& type, const json& v, std::chrono::system_clock::time_point now) {
  if (v.is_null()) return nullptr;
  if (type == "string") {  // JSONPath printing: strings raw, everything else as JSON text
    if (v.is_string()) return v;
    if (v.is_number_float()) return schema::go_float(v.get<double>());
    return v.dump();
  }
  if (type == "integer" && v.is_number()) return v.is_number_float() ? json(static_cast<int64_t>(v.get<double>())) : v;
  if (type == "number" && v.is_number()) return v.get<double>();
  if (type == "boolean" && v.is_boolean()) return v;
  if (type == "date") return date_cell(v, now);
  return nullptr;
}

}  // namespace

std::string human_duration(std::chrono::seconds d) {
  const long long seconds = d.count();
  auto fmt = [](long long a, const char* ua, long long b, const char* ub) {
    return b == 0 ? std::to_string(a) + ua : std::to_string(a) + ua + std::to_string(b) + ub;
  };
  if (seconds < -1) return "<invalid>";  // up to 1s of clock skew reads as now
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return std::to_string(seconds) + "s";
  const long long minutes = seconds / 60;
  if (minutes < 10) return fmt(minutes, "m", seconds % 60, "s");
  if (minutes < 60 * 3) return std::to_string(minutes) + "m";
  const long long hours = seconds / 3600;
  if (hours < 8) return fmt(hours, "h", minutes % 60, "m");
  if (hours < 48) return std::to_string(hours) + "h";
  if (hours < 24 * 8) return fmt(hours / 24, "d", hours % 24, "h");
  if (hours < 24 * 365 * 2) return std::to_string(hours / 24) + "d";
  if (hours < 24 * 365 * 8) return fmt(hours / 24 / 365, "y", (hours / 24) % 365, "d");
  return std::to_string(hours / 24 / 365) + "y";
}

json column_definitions(const ResourceInfo& info) {
  json cols = json::array({{{"name", "Name"}, {"type", "string"}, {"format", "name"}, {"description", kNameDescription}, {"priority", 0}}});
  for (const auto& c : printer_columns(info)) {
    cols.push_back({{"name", c.value("name", "")}, {"type", c.value("type", "string")}, {"format", c.value("format", "")},
                    {"description", c.value("description", "")}, {"priority", c.value("priority", 0)}});
  }
  return cols;
}

json row(const ResourceInfo& info, const json& object, IncludeObject include, std::chrono::system_clock::time_point now) {
  json cells = json::array({eval_jsonpath(object, ".metadata.name")});
  for (const auto& c : printer_columns(info)) {
    cells.push_back(cell(c.value("type", "string"), eval_jsonpath(object, c.value("jsonPath", "")), now));
  }
  json r = {{"cells", cells}};
  if (include == IncludeObject::Metadata) {
    r["object"] = {{"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"},
                   {"metadata", object.value("metadata", json::object())}};
  } else if (include == IncludeObject::Object) {
    r["object"] = object;
  }
  return r;
}

json render(const ResourceInfo& info, const std::vector<const json*>& objects, IncludeObject include,
            const std::string& resource_version, const std::string& continue_token, bool with_columns,
            std::chrono::system_clock::time_point now) {
  json meta = json::object();
  if (!resource_version.empty()) meta["resourceVersion"] = resource_version;
  if (!continue_token.empty()) meta["continue"] = continue_token;
  json t = {{"kind", "Table"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", meta}};
  if (with_columns) t["columnDefinitions"] = column_definitions(info);
  json rows = json::array();
  for (const json* o : objects) {
    if (o != nullptr) rows.push_back(row(info, *o, include, now));
  }
  t["rows"] = rows;
  return t;
}

}  // namespace gpupool::sim::kube::table
