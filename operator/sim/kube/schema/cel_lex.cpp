#include "sim/kube/schema/cel_lex.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace gpupool::sim::kube::schema::cel {
namespace {

class Lexer {
 public:
  explicit Lexer(const std::string& src) : s_(src) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      skip_space();
      Token t;
      t.offset = static_cast<int>(p_);
      if (p_ >= s_.size()) {
        out.push_back(t);
        return out;
      }
      char c = s_[p_];
      if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && std::isdigit(peek(1)))) {
        number(t);
      } else if (c == '"' || c == '\'' || ((c == 'r' || c == 'R') && (peek(1) == '"' || peek(1) == '\''))) {
        string(t);
      } else if ((c == 'b' || c == 'B') && (peek(1) == '"' || peek(1) == '\'')) {
        fail("bytes literals are not supported");
      } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        ident(t);
      } else {
        op(t);
      }
      out.push_back(t);
    }
  }

 private:
  unsigned char peek(size_t k) const { return p_ + k < s_.size() ? static_cast<unsigned char>(s_[p_ + k]) : 0; }
  [[noreturn]] void fail(const std::string& msg) const { throw SyntaxFailure{static_cast<int>(p_), msg}; }

  void skip_space() {
    while (p_ < s_.size()) {
      if (std::isspace(static_cast<unsigned char>(s_[p_]))) {
        ++p_;
      } else if (s_[p_] == '/' && peek(1) == '/') {
        while (p_ < s_.size() && s_[p_] != '\n') ++p_;
      } else {
        return;
      }
    }
  }

  void number(Token& t) {
    size_t start = p_;
    if (s_[p_] == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      p_ += 2;
      while (std::isxdigit(peek(0))) ++p_;
      t.number = std::strtoull(s_.substr(start + 2, p_ - start - 2).c_str(), nullptr, 16);
    } else {
      while (std::isdigit(peek(0))) ++p_;
      bool real = false;
      if (peek(0) == '.' && std::isdigit(peek(1))) {
        real = true;
        ++p_;
        while (std::isdigit(peek(0))) ++p_;
      }
      if (peek(0) == 'e' || peek(0) == 'E') {
        real = true;
        ++p_;
        if (peek(0) == '+' || peek(0) == '-') ++p_;
        if (!std::isdigit(peek(0))) fail("invalid double literal");
        while (std::isdigit(peek(0))) ++p_;
      }
      if (real) {
        t.kind = Token::Kind::Double;
        t.real = std::strtod(s_.substr(start, p_ - start).c_str(), nullptr);
        return;
      }
      errno = 0;
      t.number = std::strtoull(s_.substr(start, p_ - start).c_str(), nullptr, 10);
      if (errno == ERANGE) fail("invalid int literal");
    }
    t.kind = Token::Kind::Int;
    if (peek(0) == 'u' || peek(0) == 'U') {
      ++p_;
      t.kind = Token::Kind::Uint;
    }
  }

  void escape(std::string& out) {
    char c = static_cast<char>(peek(0));
    ++p_;
    switch (c) {
      case 'a': out += '\a'; return;
      case 'b': out += '\b'; return;
      case 'f': out += '\f'; return;
      case 'n': out += '\n'; return;
      case 'r': out += '\r'; return;
      case 't': out += '\t'; return;
      case 'v': out += '\v'; return;
      case '\\': case '\'': case '"': case '`': case '?': out += c; return;
      case 'x': case 'u': case 'U': {
        size_t n = c == 'x' ? 2 : (c == 'u' ? 4 : 8);
        if (p_ + n > s_.size()) fail("invalid escape sequence");
        unsigned long cp = std::strtoul(s_.substr(p_, n).c_str(), nullptr, 16);
        p_ += n;
        append_utf8(out, cp);
        return;
      }
      default: fail("invalid escape sequence");
    }
  }

  static void append_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  void string(Token& t) {
    bool raw = s_[p_] == 'r' || s_[p_] == 'R';
    if (raw) ++p_;
    char q = s_[p_];
    bool triple = peek(1) == static_cast<unsigned char>(q) && peek(2) == static_cast<unsigned char>(q);
    p_ += triple ? 3 : 1;
    t.kind = Token::Kind::String;
    for (;;) {
      if (p_ >= s_.size() || (!triple && s_[p_] == '\n')) fail("unterminated string literal");
      if (triple ? (s_.compare(p_, 3, std::string(3, q)) == 0) : s_[p_] == q) {
        p_ += triple ? 3 : 1;
        return;
      }
      if (s_[p_] == '\\' && !raw) {
        ++p_;
        escape(t.text);
      } else {
        t.text += s_[p_++];
      }
    }
  }

  void ident(Token& t) {
    size_t start = p_;
    while (std::isalnum(peek(0)) || peek(0) == '_') ++p_;
    t.kind = Token::Kind::Ident;
    t.text = s_.substr(start, p_ - start);
  }

  void op(Token& t) {
    static const char* two[] = {"==", "!=", "<=", ">=", "&&", "||"};
    for (const char* o : two) {
      if (s_.compare(p_, 2, o) == 0) {
        t.kind = Token::Kind::Op;
        t.text = o;
        p_ += 2;
        return;
      }
    }
    static const std::string one = "<>!+-*/%?:.,()[]{}";
    if (one.find(s_[p_]) == std::string::npos) fail(std::string("token recognition error at: '") + s_[p_] + "'");
    t.kind = Token::Kind::Op;
    t.text = std::string(1, s_[p_++]);
  }

  const std::string& s_;
  size_t p_ = 0;
};

}  // namespace

std::vector<Token> tokenize(const std::string& src) { return Lexer(src).run(); }

}  // namespace gpupool::sim::kube::schema::cel
