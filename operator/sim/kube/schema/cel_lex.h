#pragma once
// CEL tokenizer. Internal to schema/ (used by cel_parse.cpp).
#include <cstdint>
#include <string>
#include <vector>

namespace gpupool::sim::kube::schema::cel {

struct Token {
  enum class Kind { End, Int, Uint, Double, String, Ident, Op };
  Kind kind = Kind::End;
  std::string text;    // identifier / operator / decoded string
  uint64_t number = 0; // Int (magnitude) and Uint
  double real = 0;     // Double
  int offset = 0;
};

// Thrown inside the parser only; parse() turns it into a ParseError.
struct SyntaxFailure {
  int offset;
  std::string message;
};

std::vector<Token> tokenize(const std::string& src);

}  // namespace gpupool::sim::kube::schema::cel
