#include "config/kubeconfig.h"

#include <doctest/doctest.h>

#include "config/config_files.h"
#include "config/test_temp_dir.h"

namespace gpupool::config {
namespace {

const char* kCaPem = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
// base64 of kCaPem
const char* kCaB64 = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJmYWtlCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K";

std::string kubeconfig(const std::string& cluster_extra, const std::string& user_body,
                       const std::string& current = "test") {
  return "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: https://127.0.0.1:6443/\n" +
         cluster_extra + "users:\n- name: operator\n  user:\n" + user_body +
         "contexts:\n- name: test\n  context: {cluster: test, user: operator, namespace: ml}\n"
         "- name: other\n  context: {cluster: test, user: operator}\n"
         "current-context: " + current + "\npreferences: {}\n";
}

TEST_CASE("base64_decode") {
  CHECK(base64_decode(kCaB64).value() == kCaPem);
  CHECK(base64_decode("aGk=").value() == "hi");
  CHECK(base64_decode("aG\nk=").value() == "hi");
  CHECK_FALSE(base64_decode("a*b="));
}

TEST_CASE("CA data, static token, namespace and current-context") {
  TempDir dir;
  auto path = dir.write("config", kubeconfig(std::string("    certificate-authority-data: ") + kCaB64 + "\n",
                                             "    token: sim-kube-token-0123456789\n"));
  auto c = load_kubeconfig(path);
  REQUIRE(c);
  CHECK(c->transport.base_url == "https://127.0.0.1:6443");
  CHECK(c->transport.ca_pem == kCaPem);
  CHECK(c->transport.bearer_token == "sim-kube-token-0123456789");
  CHECK(c->transport.bearer_token_file.empty());
  CHECK(c->default_namespace == "ml");
  CHECK(c->source.find("context test") != std::string::npos);
}

TEST_CASE("CA, client cert/key and tokenFile as paths relative to the kubeconfig") {
  TempDir dir;
  dir.write("certs/ca.crt", kCaPem);
  dir.write("certs/client.crt", "CERT");
  dir.write("certs/client.key", "KEY");
  auto path = dir.write("kube/config", kubeconfig("    certificate-authority: ../certs/ca.crt\n",
                                                  "    client-certificate: ../certs/client.crt\n"
                                                  "    client-key: ../certs/client.key\n"
                                                  "    tokenFile: token\n"));
  auto c = load_kubeconfig(path, "other");
  REQUIRE(c);
  CHECK(c->transport.ca_pem == kCaPem);
  CHECK(c->transport.client_cert_pem == "CERT");
  CHECK(c->transport.client_key_pem == "KEY");
  CHECK(c->transport.bearer_token_file == dir.str() + "/kube/token");
  CHECK(c->default_namespace == "default");
}

TEST_CASE("-data wins over the file form") {
  TempDir dir;
  auto path = dir.write("config", kubeconfig(std::string("    certificate-authority: missing.crt\n"
                                                         "    certificate-authority-data: ") + kCaB64 + "\n",
                                             "    token: t\n"));
  auto c = load_kubeconfig(path);
  REQUIRE(c);
  CHECK(c->transport.ca_pem == kCaPem);
}

TEST_CASE("exec plugins and auth-provider are clear startup errors") {
  TempDir dir;
  auto exec = dir.write("exec", kubeconfig("", "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                               "      command: gke-gcloud-auth-plugin\n      interactiveMode: Never\n"));
  auto e = load_kubeconfig(exec);
  REQUIRE_FALSE(e);
  CHECK(e.error().code == ErrorCode::InvalidArgument);
  CHECK(e.error().message.find("exec credential plugin") != std::string::npos);
  CHECK(e.error().message.find("gke-gcloud-auth-plugin") != std::string::npos);

  auto ap = dir.write("ap", kubeconfig("", "    auth-provider:\n      name: gcp\n"));
  auto a = load_kubeconfig(ap);
  REQUIRE_FALSE(a);
  CHECK(a.error().message.find("auth-provider \"gcp\"") != std::string::npos);
}

TEST_CASE("missing context, missing file, bad YAML, CA with insecure") {
  TempDir dir;
  auto path = dir.write("config", kubeconfig("", "    token: t\n", "nope"));
  auto c = load_kubeconfig(path);
  REQUIRE_FALSE(c);
  CHECK(c.error().message.find("context \"nope\" not found") != std::string::npos);
  CHECK(load_kubeconfig(path, "test"));  // the override wins over current-context

  auto missing = load_kubeconfig(dir.str() + "/absent");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::NotFound);

  auto bad = load_kubeconfig(dir.write("bad", "clusters: [unclosed\n"));
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == ErrorCode::InvalidArgument);

  auto insecure = load_kubeconfig(dir.write("insecure", kubeconfig(std::string("    insecure-skip-tls-verify: true\n"
                                                                               "    certificate-authority-data: ") +
                                                                       kCaB64 + "\n",
                                                                   "    token: t\n")));
  REQUIRE_FALSE(insecure);
  CHECK(insecure.error().message.find("insecure") != std::string::npos);

  auto ca_file_missing = load_kubeconfig(dir.write("cafile", kubeconfig("    certificate-authority: nope.crt\n", "    token: t\n")));
  REQUIRE_FALSE(ca_file_missing);
  CHECK(ca_file_missing.error().message.find("nope.crt") != std::string::npos);
}

TEST_CASE("insecure-skip-tls-verify without a CA") {
  TempDir dir;
  auto c = load_kubeconfig(dir.write("config", kubeconfig("    insecure-skip-tls-verify: true\n", "    token: t\n")));
  REQUIRE(c);
  CHECK(c->transport.insecure_skip_tls_verify);
}

}  // namespace
}  // namespace gpupool::config
