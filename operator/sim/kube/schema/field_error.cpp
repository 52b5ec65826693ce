#include "sim/kube/schema/field_error.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace gpupool::sim::kube::schema {

std::string go_quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\v': out += "\\v"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);  // UTF-8 passes through, as Go keeps printable runes
        }
    }
  }
  return out + "\"";
}

// Go's %v for float64 is strconv 'g' with the shortest digits, which uses
// exponent form when the decimal exponent is < -4 or >= 6 (1e+06, 1.5e-05).
std::string go_float(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  bool neg = sci[0] == '-';
  if (neg) sci.erase(0, 1);
  size_t e = sci.find('e');
  std::string digits = sci.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  int exp = std::stoi(sci.substr(e + 1));
  std::string out;
  if (exp < -4 || exp >= 6) {
    out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char eb[16];
    std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
    out += eb;
  } else if (exp < 0) {
    out = "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
  } else if (static_cast<size_t>(exp) + 1 >= digits.size()) {
    out = digits + std::string(static_cast<size_t>(exp) + 1 - digits.size(), '0');
  } else {
    out = digits.substr(0, static_cast<size_t>(exp) + 1) + "." + digits.substr(static_cast<size_t>(exp) + 1);
  }
  return neg ? "-" + out : out;
}

std::string go_sharp_v(const json& v) {
  if (v.is_null()) return "interface {}(nil)";
  if (v.is_string()) return go_quote(v.get<std::string>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_float()) return go_float(v.get<double>());
  if (v.is_number()) return v.dump();
  std::string out;
  bool first = true;
  if (v.is_object()) {
    out = "map[string]interface {}{";
    for (auto it = v.begin(); it != v.end(); ++it) {  // nlohmann keeps keys sorted, as %#v does
      out += (first ? "" : ", ") + go_quote(it.key()) + ":" + go_sharp_v(it.value());
      first = false;
    }
  } else {
    out = "[]interface {}{";
    for (const auto& e : v) {
      out += (first ? "" : ", ") + go_sharp_v(e);
      first = false;
    }
  }
  return out + "}";
}

std::string go_bad_value(const json& v) {
  if (v.is_null()) return "\"null\"";  // ErrorBody turns nil into the string "null"
  if (v.is_string()) return go_quote(v.get<std::string>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_float()) return go_float(v.get<double>());
  if (v.is_number()) return v.dump();
  return go_sharp_v(v);
}

static FieldCause make(const std::string& reason, const std::string& body, const std::string& detail,
                       const std::string& field) {
  return FieldCause{reason, detail.empty() ? body : body + ": " + detail, field};
}

FieldCause required_error(const std::string& field, const std::string& detail) {
  return make("FieldValueRequired", "Required value", detail, field);
}
FieldCause forbidden_error(const std::string& field, const std::string& detail) {
  return make("FieldValueForbidden", "Forbidden", detail, field);
}
FieldCause invalid_error(const std::string& field, const json& value, const std::string& detail) {
  return make("FieldValueInvalid", "Invalid value: " + go_bad_value(value), detail, field);
}
FieldCause type_invalid_error(const std::string& field, const json& value, const std::string& detail) {
  return make("FieldValueTypeInvalid", "Invalid value: " + go_bad_value(value), detail, field);
}
FieldCause not_supported_error(const std::string& field, const json& value, const std::vector<std::string>& valid) {
  std::string detail;
  for (size_t i = 0; i < valid.size(); ++i) detail += (i ? ", " : "supported values: ") + go_quote(valid[i]);
  return make("FieldValueNotSupported", "Unsupported value: " + go_bad_value(value), detail, field);
}
FieldCause duplicate_error(const std::string& field, const json& value) {
  return make("FieldValueDuplicate", "Duplicate value: " + go_bad_value(value), "", field);
}
// 1.32 wording: "Too long: may not be more than 63 bytes" (value omitted).
FieldCause too_long_error(const std::string& field, long long max_bytes) {
  std::string detail = max_bytes >= 0
      ? "may not be more than " + std::to_string(max_bytes) + (max_bytes == 1 ? " byte" : " bytes")
      : "value is too long";
  return make("FieldValueTooLong", "Too long", detail, field);
}
FieldCause too_many_error(const std::string& field, long long actual, long long max_items) {
  std::string detail = max_items >= 0
      ? "must have at most " + std::to_string(max_items) + (max_items == 1 ? " item" : " items")
      : "has too many items";
  std::string body = actual >= 0 ? "Too many: " + std::to_string(actual) : "Too many";
  return make("FieldValueTooMany", body, detail, field);
}

std::string path_child(const std::string& parent, const std::string& name) {
  return parent.empty() ? name : parent + "." + name;
}
std::string path_index(const std::string& parent, size_t i) { return parent + "[" + std::to_string(i) + "]"; }
std::string path_key(const std::string& parent, const std::string& key) { return parent + "[" + key + "]"; }

}  // namespace gpupool::sim::kube::schema
