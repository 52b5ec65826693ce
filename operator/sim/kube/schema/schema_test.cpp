#include "sim/kube/schema/schema.h"

#include <doctest/doctest.h>

#include "sim/kube/schema/field_error.h"

namespace gpupool::sim::kube::schema {
namespace {

json pool_schema() {
  return json::parse(R"({
    "type": "object",
    "properties": {
      "spec": {
        "type": "object",
        "required": ["gpuType"],
        "x-kubernetes-validations": [
          {"rule": "!has(self.minNodes) || !has(self.maxNodes) || self.minNodes <= self.maxNodes",
           "message": "minNodes must not exceed maxNodes"}],
        "properties": {
          "gpuType": {"type": "string", "maxLength": 8, "minLength": 1, "pattern": "^[a-z0-9]+$"},
          "gpus": {"type": "integer", "minimum": 0, "maximum": 64},
          "minNodes": {"type": "integer", "minimum": 0, "default": 0},
          "maxNodes": {"type": "integer", "minimum": 0, "default": 10},
          "ratio": {"type": "number", "exclusiveMinimum": true, "minimum": 0.5},
          "strategy": {"type": "string", "enum": ["Priority", "Spread", "Cheapest"]},
          "labels": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 3}},
          "zones": {"type": "array", "maxItems": 2, "minItems": 1, "x-kubernetes-list-type": "set", "items": {"type": "string"}},
          "targets": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
            "items": {"type": "object", "properties": {"name": {"type": "string"}, "weight": {"type": "integer", "default": 1}}}},
          "size": {"x-kubernetes-int-or-string": true},
          "note": {"type": "string", "nullable": true},
          "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": {"kept": {"type": "object", "properties": {"a": {"type": "string"}}}}},
          "template": {"type": "object", "x-kubernetes-embedded-resource": true, "properties": {"spec": {"type": "object"}}}
        }
      }
    }
  })");
}

// One "field: message" line per cause, so failures print readably.
std::string messages(const std::vector<FieldCause>& causes) {
  std::string out;
  for (const auto& c : causes) out += c.field + ": " + c.message + "\n";
  return out;
}

std::string lines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& l : v) out += l + "\n";
  return out;
}

TEST_CASE("prune drops unknown fields, keeps root meta, preserved and embedded fields") {
  json obj = json::parse(R"({"apiVersion":"gpupool.io/v1alpha1","kind":"GPUPool","metadata":{"name":"a","x":1},
    "junk": 1, "spec": {"gpuType":"h100","foo":{"bar":1},
      "targets":[{"name":"a","zzz":2}],
      "extra":{"anything":1,"kept":{"a":"x","b":"pruned"}},
      "template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{},"other":1}}})");
  std::vector<std::string> pruned;
  prune(obj, pool_schema(), &pruned);
  CHECK(obj["metadata"] == json::parse(R"({"name":"a","x":1})"));
  CHECK_FALSE(obj.contains("junk"));
  CHECK_FALSE(obj["spec"].contains("foo"));
  CHECK(obj["spec"]["targets"][0] == json::parse(R"({"name":"a"})"));
  CHECK(obj["spec"]["extra"]["anything"] == 1);
  CHECK(obj["spec"]["extra"]["kept"] == json::parse(R"({"a":"x"})"));
  CHECK(obj["spec"]["template"]["kind"] == "Pod");
  CHECK_FALSE(obj["spec"]["template"].contains("other"));
  std::sort(pruned.begin(), pruned.end());
  CHECK(pruned == std::vector<std::string>{".junk", ".spec.extra.kept.b", ".spec.foo", ".spec.targets[0].zzz", ".spec.template.other"});
}

TEST_CASE("defaults fill absent fields and non-nullable nulls; nulls without default are removed") {
  json obj = json::parse(R"({"spec":{"gpuType":"a","maxNodes":null,"gpus":null,"note":null,"targets":[{"name":"x"}]}})");
  apply_defaults(obj, pool_schema());
  CHECK(obj["spec"]["minNodes"] == 0);
  CHECK(obj["spec"]["maxNodes"] == 10);
  CHECK_FALSE(obj["spec"].contains("gpus"));
  CHECK(obj["spec"]["note"].is_null());
  CHECK(obj["spec"]["targets"][0]["weight"] == 1);
  json empty = json::object();
  apply_defaults(empty, pool_schema());
  CHECK(empty == json::object());  // no spec default, so spec is not created
}

TEST_CASE("validation messages match kube-apiserver") {
  auto check = [](const char* spec, std::vector<std::string> want) {
    json obj = {{"spec", json::parse(spec)}};
    CHECK(messages(validate(obj, pool_schema(), nullptr)) == lines(want));
  };
  check(R"({"gpuType":"a","gpus":-1})", {"spec.gpus: Invalid value: -1: spec.gpus in body should be greater than or equal to 0"});
  check(R"({"gpuType":"a","gpus":65})", {"spec.gpus: Invalid value: 65: spec.gpus in body should be less than or equal to 64"});
  check(R"({"gpuType":"a","ratio":0.5})", {"spec.ratio: Invalid value: 0.5: spec.ratio in body should be greater than 0.5"});
  check(R"({"gpuType":"a","gpus":2.0})", {});
  check(R"({"gpuType":"abc-d"})", {"spec.gpuType: Invalid value: \"abc-d\": spec.gpuType in body should match '^[a-z0-9]+$'"});
  check(R"({"gpuType":"abcdefghij"})", {"spec.gpuType: Too long: may not be more than 8 bytes",
         "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"});
  check(R"({"gpuType":""})", {"spec.gpuType: Invalid value: \"\": spec.gpuType in body should be at least 1 chars long",
                              "spec.gpuType: Invalid value: \"\": spec.gpuType in body should match '^[a-z0-9]+$'"});
  check(R"({"gpuType":"a","strategy":"Foo"})",
        {"spec.strategy: Unsupported value: \"Foo\": supported values: \"Priority\", \"Spread\", \"Cheapest\"",
         "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"});
  check(R"({"gpus":1})", {"spec.gpuType: Required value",
                          "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"});
  check(R"({"gpuType":"a","gpus":"string"})",
        {"spec.gpus: Invalid value: \"string\": spec.gpus in body must be of type integer: \"string\"",
         "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"});
  check(R"({"gpuType":"a","size":true})",
        {"spec.size: Invalid value: \"boolean\": spec.size in body must be of type integer,string: \"boolean\"",
         "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"});
  check(R"({"gpuType":"a","size":"10%","note":null})", {});
  check(R"({"gpuType":"a","labels":{"k":"toolong"}})", {"spec.labels.k: Too long: may not be more than 3 bytes",
         "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"});
  check(R"({"gpuType":"a","zones":[]})", {"spec.zones: Invalid value: 0: spec.zones in body should have at least 1 items"});
}

TEST_CASE("maxItems, list sets and list maps") {
  json obj = {{"spec", json::parse(R"({"gpuType":"a","zones":["a","b","a"]})")}};
  CHECK(messages(validate(obj, pool_schema(), nullptr)) ==
        lines({"spec.zones: Too many: 3: must have at most 2 items", "spec.zones[2]: Duplicate value: \"a\"",
               "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"}));
  obj = {{"spec", json::parse(R"({"gpuType":"a","targets":[{"name":"a"},{"name":"b"},{"name":"a"},{"name":"a"}]})")}};
  CHECK(messages(validate(obj, pool_schema(), nullptr)) ==
        lines({"spec.targets[2]: Duplicate value: map[string]interface {}{\"name\":\"a\"}"}));
}

TEST_CASE("CEL rule failure uses the message and the node type as value") {
  json obj = {{"spec", json::parse(R"({"gpuType":"a","minNodes":5,"maxNodes":2})")}};
  auto causes = validate(obj, pool_schema(), nullptr);
  REQUIRE(causes.size() == 1);
  CHECK(causes[0].reason == "FieldValueInvalid");
  CHECK(causes[0].field == "spec");
  CHECK(causes[0].message == "Invalid value: \"object\": minNodes must not exceed maxNodes");
}

TEST_CASE("go formatting helpers") {
  CHECK(go_float(0) == "0");
  CHECK(go_float(1.5) == "1.5");
  CHECK(go_float(100000) == "100000");
  CHECK(go_float(1e6) == "1e+06");
  CHECK(go_float(0.0001) == "0.0001");
  CHECK(go_float(0.00001) == "1e-05");
  CHECK(go_float(-2.25) == "-2.25");
  CHECK(go_quote("a\"b\n") == "\"a\\\"b\\n\"");
  CHECK(go_sharp_v(json::parse(R"({"zone":"b","name":"a","n":1})")) == "map[string]interface {}{\"n\":1, \"name\":\"a\", \"zone\":\"b\"}");
}

TEST_CASE("check_crd_schema rejects what we cannot enforce") {
  json s = json::parse(R"({"type":"object","properties":{
    "a":{"properties":{}},
    "b":{"type":"array"},
    "c":{"type":"string","anyOf":[{"pattern":"x"}]},
    "d":{"type":"integer","minimum":0,"default":-1},
    "e":{"type":"object","x-kubernetes-validations":[
      {"rule":"self.x.lowerAscii() == 'a'"},
      {"rule":"self.x ==","message":"m"},
      {"rule":"true","messageExpression":"'x'"},
      {"rule":"self == oldSelf"}]},
    "f":{"type":"array","items":{"type":"object","x-kubernetes-validations":[{"rule":"self == oldSelf"}]}}}})");
  auto got = messages(check_crd_schema(s, "spec.validation.openAPIV3Schema"));
  const std::string p = "spec.validation.openAPIV3Schema.properties";
  std::vector<std::string> want = {
      p + "[a].type: Required value: must not be empty for specified object fields",
      p + "[b].items: Required value: must be specified",
      p + "[c].anyOf: Forbidden: anyOf is not supported by gpupool-sim",
      p + "[d].default: Invalid value: -1: " + p + "[d].default in body should be greater than or equal to 0",
      p + "[e].x-kubernetes-validations[0].rule: Invalid value: \"self.x.lowerAscii() == 'a'\": compilation failed: ERROR: <input>:1:7: undeclared reference to 'lowerAscii' (in container '')",
      p + "[e].x-kubernetes-validations[1].rule: Invalid value: \"self.x ==\": compilation failed: ERROR: <input>:1:10: Syntax error: mismatched input '<EOF>' expecting expression",
      p + "[e].x-kubernetes-validations[2].messageExpression: Forbidden: messageExpression is not supported by gpupool-sim; use message",
      p + "[f].items.x-kubernetes-validations[0].rule: Invalid value: \"self == oldSelf\": oldSelf cannot be used on the uncorrelatable portion of the schema (inside a list that is not x-kubernetes-list-type: map)"};
  CHECK(got == lines(want));
  CHECK(check_crd_schema(pool_schema(), "x").empty());
}

}  // namespace
}  // namespace gpupool::sim::kube::schema
