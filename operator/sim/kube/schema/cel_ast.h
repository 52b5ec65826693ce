#pragma once
// CEL AST shared by the parser and evaluator. Internal to schema/.
#include <memory>
#include <string>
#include <vector>

#include "sim/kube/schema/cel.h"

namespace gpupool::sim::kube::schema::cel {

struct Node {
  enum class Kind {
    Literal,        // literal
    Ident,          // name
    Select,         // args[0].name
    Has,            // has(args[0].name)
    Index,          // args[0][args[1]]
    Call,           // name(args...) or args[0].name(args[1..]) when has_target
    ListLit,        // [args...]
    MapLit,         // {args[0]: args[1], ...}
    Unary,          // name in {"!", "-"}
    Binary,         // args[0] name args[1]
    Ternary,        // args[0] ? args[1] : args[2]
    Comprehension,  // args[0].name(var, args[1][, args[2]])
  };
  Kind kind = Kind::Literal;
  int offset = 0;  // byte offset in the expression, for diagnostics
  Value literal;
  std::string name;
  std::string var;  // comprehension variable
  bool has_target = false;
  std::vector<std::shared_ptr<const Node>> args;
};

using NodePtr = std::shared_ptr<const Node>;

}  // namespace gpupool::sim::kube::schema::cel
