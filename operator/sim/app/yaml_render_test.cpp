#include "sim/app/yaml_render.h"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

using namespace gpupool::sim::app;
using ojson = nlohmann::ordered_json;

TEST_CASE("block YAML keeps order and quotes every string") {
  ojson v = {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "x"}}}, {"count", 3}, {"on", "true"},
             {"empty", ojson::object()}, {"list", {"a", "b"}}};
  CHECK(to_block_yaml(v) ==
        "apiVersion: \"v1\"\n"
        "kind: \"Secret\"\n"
        "metadata:\n"
        "  name: \"x\"\n"
        "count: 3\n"
        "\"on\": \"true\"\n"
        "empty: {}\n"
        "list:\n"
        "- \"a\"\n"
        "- \"b\"\n");
}

TEST_CASE("multi-line strings become literal blocks that read back byte for byte") {
  const std::string pem = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";
  const std::string sa = "{\n  \"type\": \"service_account\",\n\n  \"x\": 1\n}";
  const std::string awkward = " leading space\nline\n";
  const std::string two_newlines = "a\nb\n\n";
  ojson v = {{"stringData", {{"privateKey", pem}, {"service-account.json", sa}, {"a", awkward}, {"b", two_newlines}}},
             {"items", ojson::array({ojson{{"k", pem}, {"j", "v"}}})}};
  std::string text = to_block_yaml(v);
  CHECK(text.find("privateKey: |\n    -----BEGIN PRIVATE KEY-----\n") != std::string::npos);
  CHECK(text.find("service-account.json: |-\n") != std::string::npos);
  YAML::Node n = YAML::Load(text);
  CHECK(n["stringData"]["privateKey"].as<std::string>() == pem);
  CHECK(n["stringData"]["service-account.json"].as<std::string>() == sa);
  CHECK(n["stringData"]["a"].as<std::string>() == awkward);
  CHECK(n["stringData"]["b"].as<std::string>() == two_newlines);
  CHECK(n["items"][0]["k"].as<std::string>() == pem);
  CHECK(n["items"][0]["j"].as<std::string>() == "v");
}
