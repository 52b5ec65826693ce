#include "sim/kube/protobuf.h"

#include <doctest/doctest.h>

#include "sim/kube/api_server.h"
#include "sim/kube/test_client.h"

namespace gpupool::sim::kube {
using namespace testing;

namespace {
std::string field(int number, const std::string& bytes) {
  return std::string(1, static_cast<char>((number << 3) | 2)) + static_cast<char>(bytes.size()) + bytes;
}
// kubectl create configmap cm --from-literal=a=b, as protobuf.
std::string configmap_pb() {
  std::string meta = field(1, "cm");
  std::string raw = field(1, meta) + field(2, field(1, "a") + field(2, "b"));
  std::string type_meta = field(1, "v1") + field(2, "ConfigMap");
  return std::string("k8s\0", 4) + field(1, type_meta) + field(2, raw);
}
}  // namespace

TEST_CASE("decodes the protobuf envelope kubectl create sends") {
  auto obj = decode_k8s_protobuf(configmap_pb());
  REQUIRE(obj);
  CHECK((*obj)["kind"] == "ConfigMap");
  CHECK((*obj)["metadata"]["name"] == "cm");
  CHECK((*obj)["data"]["a"] == "b");
  CHECK(!decode_k8s_protobuf("k8s\0garbage"));
  CHECK(!decode_k8s_protobuf("{}"));
}

TEST_CASE("POST with a protobuf body creates the object; unknown protobuf kinds get 415") {
  ApiServer s{ApiServerOptions{}};
  Client c{s};
  auto r = c.call("POST", "/api/v1/namespaces/default/configmaps", configmap_pb(), "application/vnd.kubernetes.protobuf");
  CHECK(r.status() == 201);
  CHECK(r.body()["data"]["a"] == "b");
  auto bad = c.call("POST", "/api/v1/namespaces/default/configmaps", "k8s\0xx", "application/vnd.kubernetes.protobuf");
  CHECK(bad.status() == 415);
}

}  // namespace gpupool::sim::kube
