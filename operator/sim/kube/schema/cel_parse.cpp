// Recursive-descent parser for the CEL subset (grammar as in the CEL spec:
// Expr = ConditionalOr ["?" ConditionalOr ":" Expr], then ||, &&, relations,
// + -, * / %, unary ! -, member access). Free identifiers other than self,
// oldSelf and macro variables, and functions outside the subset, are errors.
#include <algorithm>
#include <limits>

#include "sim/kube/schema/cel.h"
#include "sim/kube/schema/cel_ast.h"
#include "sim/kube/schema/cel_lex.h"

namespace gpupool::sim::kube::schema::cel {
namespace {

const std::vector<std::string> kMacros = {"all", "exists", "exists_one", "filter", "map"};
const std::vector<std::string> kMethods = {"size", "startsWith", "endsWith", "contains", "matches"};
const std::vector<std::string> kGlobals = {"size", "int", "uint", "double", "string"};
const std::vector<std::string> kReserved = {"as", "break", "const", "continue", "else", "for", "function", "if",
                                            "import", "let", "loop", "package", "namespace", "return", "var",
                                            "void", "while"};

bool one_of(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

class Parser {
 public:
  explicit Parser(std::vector<Token> toks) : t_(std::move(toks)) {}

  NodePtr parse_all() {
    NodePtr e = expr();
    if (cur().kind != Token::Kind::End) fail("Syntax error: mismatched input '" + cur().text + "' expecting <EOF>");
    return e;
  }
  bool uses_old_self() const { return uses_old_self_; }

 private:
  const Token& cur() const { return t_[i_]; }
  bool is_op(const char* op) const { return cur().kind == Token::Kind::Op && cur().text == op; }
  bool accept(const char* op) {
    if (!is_op(op)) return false;
    ++i_;
    return true;
  }
  void expect(const char* op) {
    if (!accept(op)) fail(std::string("Syntax error: missing '") + op + "' at '" + describe(cur()) + "'");
  }
  static std::string describe(const Token& t) { return t.kind == Token::Kind::End ? "<EOF>" : t.text; }
  [[noreturn]] void fail(const std::string& msg) const { throw SyntaxFailure{cur().offset, msg}; }

  static std::shared_ptr<Node> make(Node::Kind k, int offset) {
    auto n = std::make_shared<Node>();
    n->kind = k;
    n->offset = offset;
    return n;
  }
  static NodePtr binary(const std::string& op, NodePtr l, NodePtr r, int offset) {
    auto n = make(Node::Kind::Binary, offset);
    n->name = op;
    n->args = {std::move(l), std::move(r)};
    return n;
  }

  NodePtr expr() {
    int off = cur().offset;
    NodePtr c = logical("||");
    if (!accept("?")) return c;
    NodePtr a = logical("||");
    expect(":");
    NodePtr b = expr();
    auto n = make(Node::Kind::Ternary, off);
    n->args = {c, a, b};
    return n;
  }

  NodePtr logical(const char* op) {
    NodePtr l = std::string(op) == "||" ? logical("&&") : relation();
    while (is_op(op)) {
      int off = cur().offset;
      ++i_;
      NodePtr r = std::string(op) == "||" ? logical("&&") : relation();
      l = binary(op, l, r, off);
    }
    return l;
  }

  NodePtr relation() {
    NodePtr l = addition();
    for (;;) {
      const Token& t = cur();
      bool rel = (t.kind == Token::Kind::Op && one_of({"<", "<=", ">", ">=", "==", "!="}, t.text)) ||
                 (t.kind == Token::Kind::Ident && t.text == "in");
      if (!rel) return l;
      std::string op = t.text;
      int off = t.offset;
      ++i_;
      l = binary(op, l, addition(), off);
    }
  }

  NodePtr addition() {
    NodePtr l = multiplication();
    while (is_op("+") || is_op("-")) {
      std::string op = cur().text;
      int off = cur().offset;
      ++i_;
      l = binary(op, l, multiplication(), off);
    }
    return l;
  }

  NodePtr multiplication() {
    NodePtr l = unary();
    while (is_op("*") || is_op("/") || is_op("%")) {
      std::string op = cur().text;
      int off = cur().offset;
      ++i_;
      l = binary(op, l, unary(), off);
    }
    return l;
  }

  NodePtr unary() {
    int off = cur().offset;
    if (accept("!")) {
      auto n = make(Node::Kind::Unary, off);
      n->name = "!";
      n->args = {unary()};
      return n;
    }
    if (accept("-")) {
      // Fold "-<int literal>" so that -9223372036854775808 is representable.
      if (cur().kind == Token::Kind::Int) {
        uint64_t mag = cur().number;
        if (mag > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1) fail("invalid int literal");
        ++i_;
        auto lit = make(Node::Kind::Literal, off);
        lit->literal = Value::of_int(mag == static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1
                                         ? std::numeric_limits<int64_t>::min()
                                         : -static_cast<int64_t>(mag));
        return member_suffix(lit);
      }
      auto n = make(Node::Kind::Unary, off);
      n->name = "-";
      n->args = {unary()};
      return n;
    }
    return member_suffix(primary());
  }

  std::vector<NodePtr> call_args() {  // after '('
    std::vector<NodePtr> args;
    if (accept(")")) return args;
    do {
      args.push_back(expr());
    } while (accept(","));
    expect(")");
    return args;
  }

  NodePtr macro(const std::string& name, NodePtr target, int off) {  // after '('
    if (cur().kind != Token::Kind::Ident) fail("argument must be a simple name");
    std::string var = cur().text;
    ++i_;
    expect(",");
    scope_.push_back(var);
    auto n = make(Node::Kind::Comprehension, off);
    n->name = name;
    n->var = var;
    n->args = {std::move(target), expr()};
    if (name == "map" && accept(",")) n->args.push_back(expr());
    scope_.pop_back();
    expect(")");
    return n;
  }

  NodePtr member_suffix(NodePtr e) {
    for (;;) {
      int off = cur().offset;
      if (accept(".")) {
        if (cur().kind != Token::Kind::Ident) fail("Syntax error: no viable alternative at input '.'");
        std::string name = cur().text;
        ++i_;
        if (accept("(")) {
          if (one_of(kMacros, name)) {
            e = macro(name, e, off);
            continue;
          }
          if (!one_of(kMethods, name)) throw SyntaxFailure{off, "undeclared reference to '" + name + "' (in container '')"};
          auto n = make(Node::Kind::Call, off);
          n->name = name;
          n->has_target = true;
          n->args.push_back(e);
          for (auto& a : call_args()) n->args.push_back(a);
          e = n;
        } else {
          auto n = make(Node::Kind::Select, off);
          n->name = name;
          n->args = {e};
          e = n;
        }
      } else if (accept("[")) {
        auto n = make(Node::Kind::Index, off);
        n->args = {e, expr()};
        expect("]");
        e = n;
      } else {
        return e;
      }
    }
  }

  NodePtr literal(Value v, int off) {
    auto n = make(Node::Kind::Literal, off);
    n->literal = std::move(v);
    ++i_;
    return n;
  }

  NodePtr primary() {
    const Token& t = cur();
    int off = t.offset;
    switch (t.kind) {
      case Token::Kind::Int:
        if (t.number > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) fail("invalid int literal");
        return literal(Value::of_int(static_cast<int64_t>(t.number)), off);
      case Token::Kind::Uint: return literal(Value::of_uint(t.number), off);
      case Token::Kind::Double: return literal(Value::of_double(t.real), off);
      case Token::Kind::String: return literal(Value::of_string(t.text), off);
      case Token::Kind::Ident: return identifier();
      case Token::Kind::End: fail("Syntax error: mismatched input '<EOF>' expecting expression");
      case Token::Kind::Op: break;
    }
    if (accept("(")) {
      NodePtr e = expr();
      expect(")");
      return e;
    }
    if (accept("[")) {
      auto n = make(Node::Kind::ListLit, off);
      while (!is_op("]")) {
        n->args.push_back(expr());
        if (!accept(",")) break;
      }
      expect("]");
      return n;
    }
    if (accept("{")) {
      auto n = make(Node::Kind::MapLit, off);
      while (!is_op("}")) {
        n->args.push_back(expr());
        expect(":");
        n->args.push_back(expr());
        if (!accept(",")) break;
      }
      expect("}");
      return n;
    }
    if (is_op(".")) fail("Syntax error: leading '.' identifiers are not supported");
    fail("Syntax error: mismatched input '" + t.text + "' expecting expression");
  }

  NodePtr identifier() {
    const Token& t = cur();
    int off = t.offset;
    std::string name = t.text;
    if (name == "true" || name == "false") return literal(Value::of_bool(name == "true"), off);
    if (name == "null") return literal(Value{}, off);
    if (one_of(kReserved, name) || name == "in") fail("Syntax error: reserved identifier: " + name);
    ++i_;
    if (accept("(")) {
      if (name == "has") {
        NodePtr arg = expr();
        expect(")");
        if (arg->kind != Node::Kind::Select) throw SyntaxFailure{off, "invalid argument to has() macro"};
        auto n = make(Node::Kind::Has, off);
        n->name = arg->name;
        n->args = {arg->args[0]};
        return n;
      }
      if (!one_of(kGlobals, name)) throw SyntaxFailure{off, "undeclared reference to '" + name + "' (in container '')"};
      auto n = make(Node::Kind::Call, off);
      n->name = name;
      n->args = call_args();
      return n;
    }
    if (name == "oldSelf") uses_old_self_ = true;
    if (name != "self" && name != "oldSelf" && !one_of(scope_, name)) {
      throw SyntaxFailure{off, "undeclared reference to '" + name + "' (in container '')"};
    }
    auto n = make(Node::Kind::Ident, off);
    n->name = name;
    return n;
  }

  std::vector<Token> t_;
  size_t i_ = 0;
  std::vector<std::string> scope_;
  bool uses_old_self_ = false;
};

}  // namespace

std::string ParseError::to_string() const {
  return "ERROR: <input>:" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

ParseResult parse(const std::string& expression) {
  ParseResult out;
  try {
    Parser p(tokenize(expression));
    NodePtr root = p.parse_all();
    out.program = std::make_shared<Program>(root, p.uses_old_self());
  } catch (const SyntaxFailure& f) {
    ParseError e;
    e.message = f.message;
    for (int k = 0; k < f.offset && k < static_cast<int>(expression.size()); ++k) {
      if (expression[static_cast<size_t>(k)] == '\n') {
        ++e.line;
        e.column = 1;
      } else {
        ++e.column;
      }
    }
    out.error = e;
  }
  return out;
}

}  // namespace gpupool::sim::kube::schema::cel
