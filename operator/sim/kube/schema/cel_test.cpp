#include "sim/kube/schema/cel.h"

#include <doctest/doctest.h>

#include "sim/kube/schema/schema.h"

namespace gpupool::sim::kube::schema::cel {
namespace {

// Evaluates `expr` with self = `self_json`; returns the JSON result or "error: ...".
json run(const std::string& expr, const json& self_json = json::object(), const json* old = nullptr) {
  auto parsed = parse(expr);
  if (!parsed.program) return "parse: " + parsed.error->to_string();
  Value self = from_json(self_json, nullptr);
  std::optional<Value> old_self;
  if (old != nullptr) old_self = from_json(*old, nullptr);
  auto r = evaluate(*parsed.program, self, old_self ? &*old_self : nullptr);
  if (!r.error.empty()) return "error: " + r.error;
  return to_json(*r.value);
}

TEST_CASE("literals and arithmetic") {
  CHECK(run("1 + 2 * 3") == 7);
  CHECK(run("(1 + 2) * 3") == 9);
  CHECK(run("7 / 2") == 3);
  CHECK(run("-7 % 3") == -1);
  CHECK(run("1.5 + 2.0") == 3.5);
  CHECK(run("2u * 3u") == 6u);
  CHECK(run("'ab' + \"cd\"") == "abcd");
  CHECK(run("[1, 2] + [3]") == json::array({1, 2, 3}));
  CHECK(run("null") == nullptr);
  CHECK(run("-9223372036854775808") == std::numeric_limits<int64_t>::min());
  CHECK(run("1 / 0") == "error: division by zero");
  CHECK(run("5 % 0") == "error: modulus by zero");
  CHECK(run("9223372036854775807 + 1") == "error: integer overflow");
  CHECK(run("1 + 1u") == "error: no such overload");
  CHECK(run("'\\u00e9\\n' == 'é\\n'") == true);
  CHECK(run("'a\nb'") == "parse: ERROR: <input>:1:3: unterminated string literal");  // raw newline in '...'
}

TEST_CASE("comparisons, logic and ternary") {
  CHECK(run("1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 3") == true);
  CHECK(run("1 == 1.0 && 1u == 1 && 'a' != 'b'") == true);
  CHECK(run("'abc' < 'abd'") == true);
  CHECK(run("!true || false") == false);
  CHECK(run("true ? 'y' : 'n'") == "y");
  CHECK(run("2 in [1, 2, 3] && !(5 in [1])") == true);
  CHECK(run("'a' in {'a': 1}") == true);
  // Errors are absorbed by the side that decides the result.
  CHECK(run("false && self.missing") == false);
  CHECK(run("self.missing && false") == false);
  CHECK(run("true || self.missing") == true);
  CHECK(run("self.missing || true") == true);
  CHECK(run("self.missing || false") == "error: no such key: missing");
}

TEST_CASE("field access, has, index, size and string functions") {
  json self = json::parse(R"({"a":{"b":[10,20]},"s":"héllo","m":{"k":"v"},"n":null})");
  CHECK(run("self.a.b[1]", self) == 20);
  CHECK(run("self.a.b[2]", self) == "error: index out of bounds: 2");
  CHECK(run("self.m['k']", self) == "v");
  CHECK(run("has(self.a) && !has(self.z) && !has(self.n)", self) == true);
  CHECK(run("size(self.s) == 5 && self.a.b.size() == 2 && size(self.m) == 1", self) == true);
  CHECK(run("self.s.startsWith('hé') && self.s.endsWith('lo') && self.s.contains('ll')", self) == true);
  // matches() is byte-based (std::regex), so '.' is one byte, not one rune: a documented gap.
  CHECK(run("self.s.matches('^h.+llo$') && !'abc'.matches('^b') && 'abc'.matches('b')", self) == true);
  CHECK(run("int('42') + int(2.9) == 44 && double(1) == 1.0 && string(5) == '5' && uint(3) == 3u") == true);
  CHECK(run("self.nope", self) == "error: no such key: nope");
}

TEST_CASE("macros") {
  json self = json::parse(R"({"xs":[1,2,3,4],"m":{"a":1,"b":2}})");
  CHECK(run("self.xs.all(x, x > 0)", self) == true);
  CHECK(run("self.xs.exists(x, x == 3)", self) == true);
  CHECK(run("self.xs.exists_one(x, x > 3)", self) == true);
  CHECK(run("self.xs.filter(x, x % 2 == 0)", self) == json::array({2, 4}));
  CHECK(run("self.xs.map(x, x * 10)", self) == json::array({10, 20, 30, 40}));
  CHECK(run("self.xs.map(x, x > 2, x * 10)", self) == json::array({30, 40}));
  CHECK(run("self.m.all(k, k in ['a', 'b'])", self) == true);
  CHECK(run("[1, 0].all(x, 1 / x > 0)") == "error: division by zero");
  CHECK(run("[1, 0].exists(x, 1 / x > 0)") == true);  // a true absorbs the error
}

TEST_CASE("our CRD rules") {
  const std::string range = "!has(self.minNodes) || !has(self.maxNodes) || self.minNodes <= self.maxNodes";
  CHECK(run(range, json::parse(R"({"minNodes":1,"maxNodes":2})")) == true);
  CHECK(run(range, json::parse(R"({"minNodes":3,"maxNodes":2})")) == false);
  CHECK(run(range, json::parse(R"({"minNodes":3})")) == true);
  const std::string one = "[has(self.gke), has(self.aks), has(self.oke), has(self.coreweave)].filter(x, x).size() == 1";
  CHECK(run(one, json::parse(R"({"gke":{}})")) == true);
  CHECK(run(one, json::parse(R"({"gke":{},"aks":{}})")) == false);
  CHECK(run(one, json::object()) == false);
  json old = json::parse(R"({"provider":"gke"})");
  CHECK(run("self.provider == oldSelf.provider", json::parse(R"({"provider":"aks"})"), &old) == false);
}

TEST_CASE("parse errors carry positions and unsupported syntax is rejected") {
  auto err = [](const std::string& e) {
    auto r = parse(e);
    return r.error ? r.error->to_string() : std::string("parsed");
  };
  CHECK(err("self.a +") == "ERROR: <input>:1:9: Syntax error: mismatched input '<EOF>' expecting expression");
  CHECK(err("self.a\n  == = 1") == "ERROR: <input>:2:6: token recognition error at: '='");
  CHECK(err("foo == 1") == "ERROR: <input>:1:1: undeclared reference to 'foo' (in container '')");
  CHECK(err("self.name.lowerAscii()") == "ERROR: <input>:1:10: undeclared reference to 'lowerAscii' (in container '')");
  CHECK(err("has(self)") == "ERROR: <input>:1:1: invalid argument to has() macro");
  CHECK(err("b'abc' == self") == "ERROR: <input>:1:1: bytes literals are not supported");
  CHECK(err("timestamp(self.t) > now") == "ERROR: <input>:1:1: undeclared reference to 'timestamp' (in container '')");
  CHECK(err("self.x.all(y, y > z)") == "ERROR: <input>:1:19: undeclared reference to 'z' (in container '')");
  CHECK(err("oldSelf.hasValue()") == "ERROR: <input>:1:8: undeclared reference to 'hasValue' (in container '')");
  CHECK(err("self.a & 1") == "ERROR: <input>:1:8: token recognition error at: '&'");
  CHECK(parse("self == oldSelf").program->uses_old_self());
}

TEST_CASE("transition rules run only on update, list-map items correlate by key") {
  json schema = json::parse(R"({"type":"object","properties":{
    "provider":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"provider is immutable"}]},
    "targets":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
      "items":{"type":"object","properties":{"name":{"type":"string"},"zone":{"type":"string"}},
        "x-kubernetes-validations":[{"rule":"self.zone == oldSelf.zone","reason":"FieldValueForbidden","message":"zone is immutable"}]}}}})");
  json obj = json::parse(R"({"provider":"aks","targets":[{"name":"a","zone":"z2"},{"name":"new","zone":"z9"}]})");
  CHECK(validate(obj, schema, nullptr).empty());
  json old = json::parse(R"({"provider":"gke","targets":[{"name":"a","zone":"z1"}]})");
  auto causes = validate(obj, schema, &old);
  REQUIRE(causes.size() == 2);
  CHECK(causes[0].field == "provider");
  CHECK(causes[0].message == "Invalid value: \"string\": provider is immutable");
  CHECK(causes[1].field == "targets[0]");
  CHECK(causes[1].reason == "FieldValueForbidden");
  CHECK(causes[1].message == "Forbidden: zone is immutable");
}

TEST_CASE("rule without message, runtime errors and fieldPath") {
  json schema = json::parse(R"({"type":"object","x-kubernetes-validations":[
    {"rule":"self.a > 1"},
    {"rule":"self.b.size() < 2","fieldPath":".b"}],
    "properties":{"a":{"type":"integer"},"b":{"type":"array","items":{"type":"string"}}}})");
  auto causes = validate(json::parse(R"({"a":1,"b":["x","y"]})"), schema, nullptr);
  REQUIRE(causes.size() == 2);
  CHECK(causes[0].field == "<nil>");
  CHECK(causes[0].message == "Invalid value: \"object\": failed rule: self.a > 1");
  CHECK(causes[1].field == "b");
  causes = validate(json::parse(R"({"b":[]})"), schema, nullptr);
  REQUIRE(causes.size() == 1);
  CHECK(causes[0].message == "Invalid value: \"object\": no such key: a evaluating rule: self.a > 1");
}

}  // namespace
}  // namespace gpupool::sim::kube::schema::cel
