#pragma once
// A CEL subset for CRD x-kubernetes-validations rules (kubernetes-api.md §6.2).
// Supported: literals (int, uint `1u`, double, string, bool, null, lists,
// string-keyed maps), `self`/`oldSelf`, field selection, indexing, has(),
// size() (function and method), + - * / %, comparisons, == != in, && || !,
// ?:, string startsWith/endsWith/contains/matches, int()/uint()/double()/
// string() conversions and the macros all, exists, exists_one, filter, map.
// Anything else (other functions, optionals, timestamps, bytes, messages) is a
// parse error, so a CRD using it is rejected rather than half-evaluated.
// parse() and evaluate() are pure and thread-safe.
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace gpupool::sim::kube::schema::cel {

using json = nlohmann::json;

struct Value;
using List = std::vector<Value>;
using Map = std::map<std::string, Value>;

// A CEL runtime value. Lists and maps are shared and immutable.
struct Value {
  enum class Kind { Null, Bool, Int, Uint, Double, String, List, Map };
  Kind kind = Kind::Null;
  bool b = false;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  std::string s;
  std::shared_ptr<const List> list;
  std::shared_ptr<const Map> map;

  static Value of_bool(bool v);
  static Value of_int(int64_t v);
  static Value of_uint(uint64_t v);
  static Value of_double(double v);
  static Value of_string(std::string v);
  static Value of_list(List v);
  static Value of_map(Map v);
};

// JSON -> CEL as apiextensions does it: integers are int (double under a
// `type: number` schema), non-nullable nulls inside objects are absent fields.
Value from_json(const json& v, const json* schema);
// CEL -> JSON (int/uint both become JSON integers).
json to_json(const Value& v);
// CEL type name: "int", "uint", "double", "string", "bool", "null_type", "list", "map".
std::string type_name(const Value& v);

struct Node;  // AST, defined in cel_ast.h

// A parsed expression.
class Program {
 public:
  explicit Program(std::shared_ptr<const Node> root, bool uses_old_self)
      : root_(std::move(root)), uses_old_self_(uses_old_self) {}
  const Node& root() const { return *root_; }
  bool uses_old_self() const { return uses_old_self_; }

 private:
  std::shared_ptr<const Node> root_;
  bool uses_old_self_;
};

struct ParseError {
  int line = 1;
  int column = 1;  // 1-based
  std::string message;
  // "ERROR: <input>:1:6: Syntax error: ..." (cel-go's layout)
  std::string to_string() const;
};

struct ParseResult {
  std::shared_ptr<const Program> program;  // null on error
  std::optional<ParseError> error;
};

ParseResult parse(const std::string& expression);

struct EvalResult {
  std::optional<Value> value;  // set on success
  std::string error;           // e.g. "no such key: minNodes", "division by zero"
};

// Evaluates with `self` (and `oldSelf` if non-null) bound. Bounded work:
// runaway expressions fail with a cost error instead of hanging.
EvalResult evaluate(const Program& program, const Value& self, const Value* old_self);

}  // namespace gpupool::sim::kube::schema::cel
