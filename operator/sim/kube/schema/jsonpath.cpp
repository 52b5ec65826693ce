// The JSONPath subset CRD printer columns use (client-go jsonpath, first
// result only as the CRD table convertor takes results[0][0]): .a.b, [n]
// (negative from the end), ['key'], [*], and filters [?(@.a.b=="x")] with
// == / != against string, number or bool literals, or bare @.a existence.
#include <cstdlib>
#include <optional>

#include "sim/kube/schema/table.h"

namespace gpupool::sim::kube::table {
namespace {

struct Segment {
  enum class Kind { Field, Index, Wildcard, Filter } kind = Kind::Field;
  std::string name;
  long index = 0;
  std::vector<std::string> filter_path;  // after '@'
  std::string op;                        // "==", "!=" or "" (exists)
  json literal;
};

std::vector<std::string> split_fields(const std::string& p) {  // ".a.b" -> {a, b}
  std::vector<std::string> out;
  size_t i = 0;
  while (i < p.size() && p[i] == '.') {
    size_t j = p.find('.', i + 1);
    out.push_back(p.substr(i + 1, j == std::string::npos ? std::string::npos : j - i - 1));
    i = j == std::string::npos ? p.size() : j;
  }
  return out;
}

json parse_literal(std::string s) {
  if (s.size() >= 2 && (s[0] == '"' || s[0] == '\'')) return s.substr(1, s.size() - 2);
  if (s == "true" || s == "false") return s == "true";
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() && *end == '\0') return d;
  return s;
}

std::optional<Segment> parse_bracket(const std::string& inner) {
  Segment seg;
  if (inner == "*") {
    seg.kind = Segment::Kind::Wildcard;
  } else if (!inner.empty() && (inner[0] == '\'' || inner[0] == '"')) {
    seg.name = inner.substr(1, inner.size() - 2);
  } else if (inner.rfind("?(", 0) == 0 && inner.back() == ')') {
    std::string f = inner.substr(2, inner.size() - 3);
    size_t op = f.find("==") != std::string::npos ? f.find("==") : f.find("!=");
    std::string lhs = op == std::string::npos ? f : f.substr(0, op);
    while (!lhs.empty() && lhs.back() == ' ') lhs.pop_back();
    if (lhs.rfind("@", 0) != 0) return std::nullopt;
    seg.kind = Segment::Kind::Filter;
    seg.filter_path = split_fields(lhs.substr(1));
    if (op != std::string::npos) {
      seg.op = f.substr(op, 2);
      std::string rhs = f.substr(op + 2);
      rhs.erase(0, rhs.find_first_not_of(' '));
      seg.literal = parse_literal(rhs);
    }
  } else {
    char* end = nullptr;
    seg.index = std::strtol(inner.c_str(), &end, 10);
    if (end == inner.c_str() || *end != '\0') return std::nullopt;
    seg.kind = Segment::Kind::Index;
  }
  return seg;
}

std::optional<std::vector<Segment>> parse_path(std::string p) {
  if (p.size() >= 2 && p.front() == '{' && p.back() == '}') p = p.substr(1, p.size() - 2);
  std::vector<Segment> out;
  size_t i = 0;
  while (i < p.size()) {
    if (p[i] == '.') {
      size_t j = p.find_first_of(".[", i + 1);
      Segment seg;
      seg.name = p.substr(i + 1, j == std::string::npos ? std::string::npos : j - i - 1);
      if (!seg.name.empty()) out.push_back(seg);
      i = j == std::string::npos ? p.size() : j;
    } else if (p[i] == '[') {
      size_t j = p.find(']', i);
      while (j != std::string::npos && p.compare(i, 2, "[?") == 0 && p[j - 1] != ')') j = p.find(']', j + 1);
      if (j == std::string::npos) return std::nullopt;
      auto seg = parse_bracket(p.substr(i + 1, j - i - 1));
      if (!seg) return std::nullopt;
      out.push_back(*seg);
      i = j + 1;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

bool literal_equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a == b;
}

bool filter_matches(const json& item, const Segment& seg) {
  const json* cur = &item;
  for (const auto& f : seg.filter_path) {
    if (!cur->is_object() || !cur->contains(f)) return false;
    cur = &(*cur)[f];
  }
  if (seg.op.empty()) return true;
  return literal_equal(*cur, seg.literal) == (seg.op == "==");
}

std::optional<json> eval(const json& cur, const std::vector<Segment>& segs, size_t k) {
  if (k == segs.size()) return cur;
  const Segment& seg = segs[k];
  switch (seg.kind) {
    case Segment::Kind::Field:
      if (cur.is_object() && cur.contains(seg.name)) return eval(cur[seg.name], segs, k + 1);
      return std::nullopt;
    case Segment::Kind::Index: {
      if (!cur.is_array()) return std::nullopt;
      long n = static_cast<long>(cur.size());
      long i = seg.index < 0 ? n + seg.index : seg.index;
      if (i < 0 || i >= n) return std::nullopt;
      return eval(cur[static_cast<size_t>(i)], segs, k + 1);
    }
    case Segment::Kind::Wildcard:
    case Segment::Kind::Filter:
      if (!cur.is_array()) return std::nullopt;
      for (const auto& item : cur) {
        if (seg.kind == Segment::Kind::Filter && !filter_matches(item, seg)) continue;
        if (auto r = eval(item, segs, k + 1)) return r;
      }
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

json eval_jsonpath(const json& object, const std::string& path) {
  auto segs = parse_path(path);
  if (!segs) return nullptr;
  auto r = eval(object, *segs, 0);
  return r ? *r : json(nullptr);
}

}  // namespace gpupool::sim::kube::table
