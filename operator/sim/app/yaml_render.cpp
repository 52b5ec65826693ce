#include "sim/app/yaml_render.h"

#include <regex>

namespace gpupool::sim::app {
namespace {
using ojson = nlohmann::ordered_json;

std::string pad(int n) { return std::string(static_cast<std::size_t>(n), ' '); }

std::string quoted(const std::string& s) { return ojson(s).dump(); }

// Keys that YAML would read as something other than the same string get quoted.
std::string key_text(const std::string& k) {
  static const std::regex plain("^[A-Za-z_][A-Za-z0-9_.\\-/]*$");
  static const std::regex special("^(y|n|yes|no|on|off|true|false|null)$", std::regex::icase);
  return std::regex_match(k, plain) && !std::regex_match(k, special) ? k : quoted(k);
}

// A literal block keeps the text byte for byte only when every line is plain
// printable text, the first line has no leading space (it sets the block's
// indentation) and there is at most one trailing newline ("|" or "|-").
bool literal_ok(const std::string& s) {
  if (s.find('\n') == std::string::npos || s.front() == ' ' || s.front() == '\n') return false;
  if (s.size() >= 2 && s.ends_with("\n\n")) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7f) return false;
    if (c == '\n' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')) return false;  // trailing blanks
  }
  return !s.ends_with(" ");
}

std::string literal(const std::string& s, int indent) {
  bool newline_end = s.back() == '\n';
  std::string body = newline_end ? s.substr(0, s.size() - 1) : s;
  std::string out = newline_end ? "|" : "|-";
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    std::string line = body.substr(start, end - start);
    out += "\n" + (line.empty() ? "" : pad(indent) + line);
    start = end + 1;
  }
  return out;
}

std::string scalar(const ojson& v, int indent) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    return literal_ok(s) ? literal(s, indent) : quoted(s);
  }
  return v.dump();  // numbers, booleans, null
}

void emit_object(std::string& out, const ojson& obj, int indent);
void emit_array(std::string& out, const ojson& arr, int indent);

bool nested(const ojson& v) { return (v.is_object() || v.is_array()) && !v.empty(); }

void emit_object(std::string& out, const ojson& obj, int indent) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    out += pad(indent) + key_text(it.key()) + ":";
    const ojson& v = it.value();
    if (v.is_object() && !v.empty()) {
      out += "\n";
      emit_object(out, v, indent + 2);
    } else if (v.is_array() && !v.empty()) {
      out += "\n";
      emit_array(out, v, indent);  // kubectl style: "- " at the key's indentation
    } else {
      out += " " + (v.is_object() ? std::string("{}") : v.is_array() ? std::string("[]") : scalar(v, indent + 2)) + "\n";
    }
  }
}

void emit_array(std::string& out, const ojson& arr, int indent) {
  for (const auto& item : arr) {
    if (item.is_object() && !item.empty()) {
      std::string inner;
      emit_object(inner, item, indent + 2);
      out += pad(indent) + "- " + inner.substr(static_cast<std::size_t>(indent) + 2);
    } else if (nested(item)) {
      out += pad(indent) + "- " + item.dump() + "\n";  // arrays of arrays: flow style (JSON is YAML)
    } else {
      out += pad(indent) + "- " + (item.is_object() ? std::string("{}") : item.is_array() ? std::string("[]")
                                                                                            : scalar(item, indent + 2)) +
             "\n";
    }
  }
}

}  // namespace

std::string to_block_yaml(const ojson& value) {
  std::string out;
  if (value.is_object() && !value.empty()) emit_object(out, value, 0);
  else if (value.is_array() && !value.empty()) emit_array(out, value, 0);
  else out = value.dump() + "\n";
  return out;
}

}  // namespace gpupool::sim::app
