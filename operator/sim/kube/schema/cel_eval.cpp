// Tree-walking evaluator for the CEL subset. Errors propagate as in CEL:
// && / || and all/exists absorb an error when the other side decides the
// result; otherwise the first error is the result.
#include <charconv>
#include <cmath>
#include <limits>
#include <regex>

#include "sim/kube/schema/cel.h"
#include "sim/kube/schema/cel_ast.h"
#include "sim/kube/schema/field_error.h"

namespace gpupool::sim::kube::schema::cel {
namespace {

using K = Value::Kind;
const char* const kNoOverload = "no such overload";

struct EvalFailure {
  std::string message;
};
[[noreturn]] void fail(const std::string& msg) { throw EvalFailure{msg}; }

bool is_number(const Value& v) { return v.kind == K::Int || v.kind == K::Uint || v.kind == K::Double; }

bool as_bool(const Value& v) {
  if (v.kind != K::Bool) fail(kNoOverload);
  return v.b;
}

// Three-way compare of numbers across int/uint/double, as k8s CEL allows.
int compare_numbers(const Value& a, const Value& b) {
  if (a.kind == K::Double || b.kind == K::Double) {
    double x = a.kind == K::Double ? a.d : (a.kind == K::Int ? static_cast<double>(a.i) : static_cast<double>(a.u));
    double y = b.kind == K::Double ? b.d : (b.kind == K::Int ? static_cast<double>(b.i) : static_cast<double>(b.u));
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.kind == K::Int && b.kind == K::Int) return a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
  if (a.kind == K::Uint && b.kind == K::Uint) return a.u < b.u ? -1 : (a.u > b.u ? 1 : 0);
  if (a.kind == K::Int) return a.i < 0 ? -1 : -compare_numbers(b, Value::of_uint(static_cast<uint64_t>(a.i)));
  return -compare_numbers(b, a);
}

int compare(const Value& a, const Value& b) {
  if (is_number(a) && is_number(b)) return compare_numbers(a, b);
  if (a.kind != b.kind) fail(kNoOverload);
  if (a.kind == K::String) return a.s < b.s ? -1 : (a.s > b.s ? 1 : 0);
  if (a.kind == K::Bool) return a.b == b.b ? 0 : (a.b ? 1 : -1);
  fail(kNoOverload);
}

bool equal(const Value& a, const Value& b) {
  if (is_number(a) && is_number(b)) return compare_numbers(a, b) == 0;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case K::Null: return true;
    case K::Bool: return a.b == b.b;
    case K::String: return a.s == b.s;
    case K::List:
      if (a.list->size() != b.list->size()) return false;
      for (size_t i = 0; i < a.list->size(); ++i) {
        if (!equal((*a.list)[i], (*b.list)[i])) return false;
      }
      return true;
    case K::Map:
      if (a.map->size() != b.map->size()) return false;
      for (const auto& [k, v] : *a.map) {
        auto it = b.map->find(k);
        if (it == b.map->end() || !equal(v, it->second)) return false;
      }
      return true;
    default: return false;
  }
}

Value arith_int(const std::string& op, int64_t x, int64_t y) {
  int64_t r = 0;
  bool overflow = false;
  if (op == "+") overflow = __builtin_add_overflow(x, y, &r);
  if (op == "-") overflow = __builtin_sub_overflow(x, y, &r);
  if (op == "*") overflow = __builtin_mul_overflow(x, y, &r);
  if (op == "/" || op == "%") {
    if (y == 0) fail(op == "/" ? "division by zero" : "modulus by zero");
    if (x == std::numeric_limits<int64_t>::min() && y == -1) fail("integer overflow");
    r = op == "/" ? x / y : x % y;
  }
  if (overflow) fail("integer overflow");
  return Value::of_int(r);
}

Value arith_uint(const std::string& op, uint64_t x, uint64_t y) {
  uint64_t r = 0;
  bool overflow = false;
  if (op == "+") overflow = __builtin_add_overflow(x, y, &r);
  if (op == "-") overflow = __builtin_sub_overflow(x, y, &r);
  if (op == "*") overflow = __builtin_mul_overflow(x, y, &r);
  if (op == "/" || op == "%") {
    if (y == 0) fail(op == "/" ? "division by zero" : "modulus by zero");
    r = op == "/" ? x / y : x % y;
  }
  if (overflow) fail("unsigned integer overflow");
  return Value::of_uint(r);
}

Value arith(const std::string& op, const Value& a, const Value& b) {
  if (a.kind != b.kind) fail(kNoOverload);  // CEL has no implicit numeric conversion
  switch (a.kind) {
    case K::Int: return arith_int(op, a.i, b.i);
    case K::Uint: return arith_uint(op, a.u, b.u);
    case K::Double:
      if (op == "+") return Value::of_double(a.d + b.d);
      if (op == "-") return Value::of_double(a.d - b.d);
      if (op == "*") return Value::of_double(a.d * b.d);
      if (op == "/") return Value::of_double(a.d / b.d);
      fail(kNoOverload);
    case K::String:
      if (op == "+") return Value::of_string(a.s + b.s);
      fail(kNoOverload);
    case K::List:
      if (op == "+") {
        List out = *a.list;
        out.insert(out.end(), b.list->begin(), b.list->end());
        return Value::of_list(std::move(out));
      }
      fail(kNoOverload);
    default: fail(kNoOverload);
  }
}

int64_t rune_count(const std::string& s) {
  int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Value size_of(const Value& v) {
  if (v.kind == K::String) return Value::of_int(rune_count(v.s));
  if (v.kind == K::List) return Value::of_int(static_cast<int64_t>(v.list->size()));
  if (v.kind == K::Map) return Value::of_int(static_cast<int64_t>(v.map->size()));
  fail(kNoOverload);
}

template <typename T>
T parse_number(const std::string& s) {
  T out{};
  auto res = std::from_chars(s.data(), s.data() + s.size(), out);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size()) fail("cannot convert string '" + s + "'");
  return out;
}

Value convert(const std::string& fn, const Value& v) {
  constexpr double kTwo63 = 9223372036854775808.0;
  if (fn == "int") {
    if (v.kind == K::Int) return v;
    if (v.kind == K::Uint && v.u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return Value::of_int(static_cast<int64_t>(v.u));
    if (v.kind == K::Double && std::isfinite(v.d) && v.d > -kTwo63 && v.d < kTwo63) return Value::of_int(static_cast<int64_t>(v.d));
    if (v.kind == K::String) return Value::of_int(parse_number<int64_t>(v.s));
    if (v.kind == K::Uint || v.kind == K::Double) fail("integer overflow");
  } else if (fn == "uint") {
    if (v.kind == K::Uint) return v;
    if (v.kind == K::Int && v.i >= 0) return Value::of_uint(static_cast<uint64_t>(v.i));
    if (v.kind == K::Double && std::isfinite(v.d) && v.d >= 0 && v.d < 2 * kTwo63) return Value::of_uint(static_cast<uint64_t>(v.d));
    if (v.kind == K::String) return Value::of_uint(parse_number<uint64_t>(v.s));
    if (v.kind == K::Int || v.kind == K::Double) fail("unsigned integer overflow");
  } else if (fn == "double") {
    if (v.kind == K::Double) return v;
    if (v.kind == K::Int) return Value::of_double(static_cast<double>(v.i));
    if (v.kind == K::Uint) return Value::of_double(static_cast<double>(v.u));
    if (v.kind == K::String) return Value::of_double(parse_number<double>(v.s));
  } else if (fn == "string") {
    if (v.kind == K::String) return v;
    if (v.kind == K::Int) return Value::of_string(std::to_string(v.i));
    if (v.kind == K::Uint) return Value::of_string(std::to_string(v.u));
    if (v.kind == K::Double) return Value::of_string(go_float(v.d));
    if (v.kind == K::Bool) return Value::of_string(v.b ? "true" : "false");
  }
  fail(kNoOverload);
}

Value string_method(const std::string& fn, const Value& target, const Value& arg) {
  if (target.kind != K::String || arg.kind != K::String) fail(kNoOverload);
  const std::string& s = target.s;
  const std::string& a = arg.s;
  if (fn == "startsWith") return Value::of_bool(s.rfind(a, 0) == 0);
  if (fn == "endsWith") return Value::of_bool(s.size() >= a.size() && s.compare(s.size() - a.size(), a.size(), a) == 0);
  if (fn == "contains") return Value::of_bool(s.find(a) != std::string::npos);
  try {  // matches: RE2 partial-match semantics, approximated with ECMAScript
    return Value::of_bool(std::regex_search(s, std::regex(a, std::regex::ECMAScript)));
  } catch (const std::regex_error&) {
    fail("invalid regular expression: " + a);
  }
}

class Evaluator {
 public:
  Evaluator(const Value& self, const Value* old_self) : self_(self), old_self_(old_self) {}

  Value eval(const Node& n) {
    if (--budget_ < 0) fail("operation cancelled: actual cost limit exceeded");
    switch (n.kind) {
      case Node::Kind::Literal: return n.literal;
      case Node::Kind::Ident: return lookup(n.name);
      case Node::Kind::Select: return select(eval(*n.args[0]), n.name);
      case Node::Kind::Has: {
        Value v = eval(*n.args[0]);
        if (v.kind != K::Map) fail(kNoOverload);
        return Value::of_bool(v.map->count(n.name) > 0);
      }
      case Node::Kind::Index: return index(eval(*n.args[0]), eval(*n.args[1]));
      case Node::Kind::ListLit: {
        List out;
        for (const auto& a : n.args) out.push_back(eval(*a));
        return Value::of_list(std::move(out));
      }
      case Node::Kind::MapLit: return map_literal(n);
      case Node::Kind::Unary: return unary(n.name, eval(*n.args[0]));
      case Node::Kind::Binary: return binary(n);
      case Node::Kind::Ternary: return as_bool(eval(*n.args[0])) ? eval(*n.args[1]) : eval(*n.args[2]);
      case Node::Kind::Call: return call(n);
      case Node::Kind::Comprehension: return comprehension(n);
    }
    fail(kNoOverload);
  }

 private:
  Value lookup(const std::string& name) const {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    if (name == "self") return self_;
    if (name == "oldSelf" && old_self_ != nullptr) return *old_self_;
    fail("undeclared reference to '" + name + "'");
  }

  static Value select(const Value& v, const std::string& field) {
    if (v.kind != K::Map) fail(kNoOverload);
    auto it = v.map->find(field);
    if (it == v.map->end()) fail("no such key: " + field);
    return it->second;
  }

  static Value index(const Value& c, const Value& k) {
    if (c.kind == K::Map) {
      if (k.kind != K::String) fail(kNoOverload);
      auto it = c.map->find(k.s);
      if (it == c.map->end()) fail("no such key: " + k.s);
      return it->second;
    }
    if (c.kind != K::List) fail(kNoOverload);
    int64_t i = 0;
    if (k.kind == K::Int) i = k.i;
    else if (k.kind == K::Uint) i = static_cast<int64_t>(k.u);
    else if (k.kind == K::Double && std::floor(k.d) == k.d) i = static_cast<int64_t>(k.d);
    else fail(kNoOverload);
    if (i < 0 || i >= static_cast<int64_t>(c.list->size())) fail("index out of bounds: " + std::to_string(i));
    return (*c.list)[static_cast<size_t>(i)];
  }

  Value map_literal(const Node& n) {
    Map out;
    for (size_t i = 0; i + 1 < n.args.size(); i += 2) {
      Value k = eval(*n.args[i]);
      if (k.kind != K::String) fail("unsupported map key type: " + type_name(k));
      if (!out.emplace(k.s, eval(*n.args[i + 1])).second) fail("Failed with repeated key");
    }
    return Value::of_map(std::move(out));
  }

  static Value unary(const std::string& op, const Value& v) {
    if (op == "!") return Value::of_bool(!as_bool(v));
    if (v.kind == K::Int) {
      if (v.i == std::numeric_limits<int64_t>::min()) fail("integer overflow");
      return Value::of_int(-v.i);
    }
    if (v.kind == K::Double) return Value::of_double(-v.d);
    fail(kNoOverload);
  }

  // && and ||: the side that decides the result wins over an error on the other.
  Value logical(const Node& n, bool decisive) {
    std::optional<std::string> left_error;
    try {
      if (as_bool(eval(*n.args[0])) == decisive) return Value::of_bool(decisive);
    } catch (const EvalFailure& f) {
      left_error = f.message;
    }
    if (as_bool(eval(*n.args[1])) == decisive) return Value::of_bool(decisive);
    if (left_error) fail(*left_error);
    return Value::of_bool(!decisive);
  }

  Value binary(const Node& n) {
    const std::string& op = n.name;
    if (op == "&&") return logical(n, false);
    if (op == "||") return logical(n, true);
    Value a = eval(*n.args[0]);
    Value b = eval(*n.args[1]);
    if (op == "==") return Value::of_bool(equal(a, b));
    if (op == "!=") return Value::of_bool(!equal(a, b));
    if (op == "<") return Value::of_bool(compare(a, b) < 0);
    if (op == "<=") return Value::of_bool(compare(a, b) <= 0);
    if (op == ">") return Value::of_bool(compare(a, b) > 0);
    if (op == ">=") return Value::of_bool(compare(a, b) >= 0);
    if (op == "in") return Value::of_bool(contains(b, a));
    return arith(op, a, b);
  }

  static bool contains(const Value& container, const Value& elem) {
    if (container.kind == K::Map) {
      if (elem.kind != K::String) fail(kNoOverload);
      return container.map->count(elem.s) > 0;
    }
    if (container.kind != K::List) fail(kNoOverload);
    for (const auto& e : *container.list) {
      if (equal(e, elem)) return true;
    }
    return false;
  }

  Value call(const Node& n) {
    std::vector<Value> args;
    for (const auto& a : n.args) args.push_back(eval(*a));
    if (n.name == "size" && args.size() == 1) return size_of(args[0]);
    if (!n.has_target && args.size() == 1) return convert(n.name, args[0]);
    if (n.has_target && args.size() == 2) return string_method(n.name, args[0], args[1]);
    fail("found no matching overload for '" + n.name + "'");
  }

  Value with_var(const std::string& var, const Value& v, const Node& body) {
    vars_.emplace_back(var, v);
    struct Pop {
      std::vector<std::pair<std::string, Value>>& vars;
      ~Pop() { vars.pop_back(); }
    } pop{vars_};
    return eval(body);
  }

  Value comprehension(const Node& n) {
    Value range = eval(*n.args[0]);
    List elems;
    if (range.kind == K::List) elems = *range.list;
    else if (range.kind == K::Map) for (const auto& [k, v] : *range.map) elems.push_back(Value::of_string(k));
    else fail(kNoOverload);
    const std::string& m = n.name;
    if (m == "all" || m == "exists") {
      const bool decisive = m == "exists";
      std::optional<std::string> err;
      for (const auto& e : elems) {
        try {
          if (as_bool(with_var(n.var, e, *n.args[1])) == decisive) return Value::of_bool(decisive);
        } catch (const EvalFailure& f) {
          if (!err) err = f.message;
        }
      }
      if (err) fail(*err);
      return Value::of_bool(!decisive);
    }
    if (m == "exists_one") {
      int64_t count = 0;
      for (const auto& e : elems) count += as_bool(with_var(n.var, e, *n.args[1])) ? 1 : 0;
      return Value::of_bool(count == 1);
    }
    List out;
    for (const auto& e : elems) {
      if (m == "filter") {
        if (as_bool(with_var(n.var, e, *n.args[1]))) out.push_back(e);
      } else if (n.args.size() == 3) {  // map(x, predicate, transform)
        if (as_bool(with_var(n.var, e, *n.args[1]))) out.push_back(with_var(n.var, e, *n.args[2]));
      } else {
        out.push_back(with_var(n.var, e, *n.args[1]));
      }
    }
    return Value::of_list(std::move(out));
  }

  const Value& self_;
  const Value* old_self_;
  std::vector<std::pair<std::string, Value>> vars_;
  long budget_ = 1'000'000;
};

}  // namespace

EvalResult evaluate(const Program& program, const Value& self, const Value* old_self) {
  EvalResult out;
  try {
    Evaluator ev(self, old_self);
    out.value = ev.eval(program.root());
  } catch (const EvalFailure& f) {
    out.error = f.message;
  }
  return out;
}

}  // namespace gpupool::sim::kube::schema::cel
