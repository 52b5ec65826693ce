#include "sim/kube/selectors.h"

#include <algorithm>
#include <cctype>

#include "sim/kube/status_errors.h"

namespace gpupool::sim::kube {

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// Splits on commas that are not inside parentheses.
std::vector<std::string> split_terms(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(trim(cur));
  return out;
}

std::optional<std::string> label_of(const nlohmann::json& obj, const std::string& key) {
  auto m = obj.find("metadata");
  if (m == obj.end() || !m->is_object()) return std::nullopt;
  auto l = m->find("labels");
  if (l == m->end() || !l->is_object()) return std::nullopt;
  auto v = l->find(key);
  if (v == l->end() || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

ApiError selector_error(const std::string& text, const std::string& why) {
  return bad_request("unable to parse requirement: " + why + " (selector: \"" + text + "\")");
}

}  // namespace

LabelSelector LabelSelector::parse(const std::string& text) {
  LabelSelector sel;
  if (trim(text).empty()) return sel;
  for (const auto& term : split_terms(text)) {
    if (term.empty()) throw selector_error(text, "found '', expected: identifier");
    Req r;
    if (term[0] == '!') {
      r.key = trim(term.substr(1));
      r.op = Op::NotExists;
    } else if (auto p = term.find("!="); p != std::string::npos) {
      r = {trim(term.substr(0, p)), Op::NotEq, {trim(term.substr(p + 2))}};
    } else if (auto p2 = term.find("=="); p2 != std::string::npos) {
      r = {trim(term.substr(0, p2)), Op::Eq, {trim(term.substr(p2 + 2))}};
    } else if (auto p3 = term.find('='); p3 != std::string::npos) {
      r = {trim(term.substr(0, p3)), Op::Eq, {trim(term.substr(p3 + 1))}};
    } else if (auto open = term.find('('); open != std::string::npos) {
      auto close = term.rfind(')');
      if (close == std::string::npos || close < open) throw selector_error(text, "found '" + term + "', expected: ')'");
      std::string head = trim(term.substr(0, open));
      auto sp = head.find_last_of(" \t");
      if (sp == std::string::npos) throw selector_error(text, "found '" + term + "', expected: in, notin");
      std::string op = trim(head.substr(sp + 1));
      r.key = trim(head.substr(0, sp));
      if (op == "in") r.op = Op::In;
      else if (op == "notin") r.op = Op::NotIn;
      else throw selector_error(text, "found '" + op + "', expected: in, notin");
      for (auto& v : split_terms(term.substr(open + 1, close - open - 1)))
        if (!v.empty()) r.values.push_back(v);
    } else {
      r.key = term;
      r.op = Op::Exists;
    }
    if (r.key.empty() || r.key.find_first_of(" \t()!=") != std::string::npos)
      throw selector_error(text, "invalid label key \"" + r.key + "\"");
    sel.reqs_.push_back(std::move(r));
  }
  return sel;
}

bool LabelSelector::matches(const nlohmann::json& object) const {
  for (const auto& r : reqs_) {
    auto v = label_of(object, r.key);
    switch (r.op) {
      case Op::Eq: if (!v || *v != r.values[0]) return false; break;
      case Op::NotEq: if (v && *v == r.values[0]) return false; break;
      case Op::In: if (!v || std::find(r.values.begin(), r.values.end(), *v) == r.values.end()) return false; break;
      case Op::NotIn: if (v && std::find(r.values.begin(), r.values.end(), *v) != r.values.end()) return false; break;
      case Op::Exists: if (!v) return false; break;
      case Op::NotExists: if (v) return false; break;
    }
  }
  return true;
}

FieldSelector FieldSelector::parse(const std::string& text, const std::function<bool(const std::string&)>& supported) {
  FieldSelector sel;
  if (trim(text).empty()) return sel;
  for (const auto& term : split_terms(text)) {
    Req r;
    if (auto p = term.find("!="); p != std::string::npos) {
      r = {trim(term.substr(0, p)), false, trim(term.substr(p + 2))};
    } else if (auto p2 = term.find("=="); p2 != std::string::npos) {
      r = {trim(term.substr(0, p2)), true, trim(term.substr(p2 + 2))};
    } else if (auto p3 = term.find('='); p3 != std::string::npos) {
      r = {trim(term.substr(0, p3)), true, trim(term.substr(p3 + 1))};
    } else {
      throw bad_request("invalid selector: '" + text + "'; can't understand '" + term + "'");
    }
    if (!supported(r.field)) throw bad_request("field label not supported: " + r.field);
    sel.reqs_.push_back(std::move(r));
  }
  return sel;
}

bool FieldSelector::matches(const nlohmann::json& object, const Getter& get) const {
  for (const auto& r : reqs_) {
    std::string v = get(object, r.field).value_or("");
    if ((v == r.value) != r.equal) return false;
  }
  return true;
}

std::optional<std::string> FieldSelector::required_value(const std::string& field) const {
  for (const auto& r : reqs_)
    if (r.field == field && r.equal) return r.value;
  return std::nullopt;
}

}  // namespace gpupool::sim::kube
