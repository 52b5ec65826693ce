#include "config/load_config.h"

#include <doctest/doctest.h>

#include <map>

#include "config/test_temp_dir.h"

namespace gpupool::config {
namespace {

std::string minimal_kubeconfig(const std::string& server) {
  return "clusters:\n- name: c\n  cluster: {server: \"" + server +
         "\"}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n"
         "current-context: x\n";
}

struct Env {
  std::map<std::string, std::string> vars;
  EnvLookup lookup() const {
    return [this](const std::string& k) -> std::optional<std::string> {
      auto it = vars.find(k);
      if (it == vars.end() || it->second.empty()) return std::nullopt;
      return it->second;
    };
  }
};

struct Rig {
  TempDir dir;
  Env env;
  LoadOptions opts;
  Rig() {
    opts.in_cluster = {dir.str() + "/sa/token", dir.str() + "/sa/ca.crt", dir.str() + "/sa/namespace"};
  }
  Result<RestConfig> load() {
    opts.env = env.lookup();
    return load_config(opts);
  }
};

TEST_CASE("in-cluster: server, token file, CA and namespace") {
  Rig rig;
  rig.dir.write("sa/token", "tok\n");
  rig.dir.write("sa/ca.crt", "CA");
  rig.dir.write("sa/namespace", "gpupool-system\n");
  rig.env.vars = {{"KUBERNETES_SERVICE_HOST", "10.96.0.1"}, {"KUBERNETES_SERVICE_PORT", "443"}};
  auto c = load_in_cluster(rig.env.lookup(), rig.opts.in_cluster);
  REQUIRE(c);
  CHECK(c->transport.base_url == "https://10.96.0.1:443");
  CHECK(c->transport.bearer_token_file == rig.opts.in_cluster.token);
  CHECK(c->transport.bearer_token.empty());
  CHECK(c->transport.ca_pem == "CA");
  CHECK(c->default_namespace == "gpupool-system");
  CHECK(c->source == "in-cluster");
}

TEST_CASE("in-cluster: IPv6 host, missing CA and namespace, missing token") {
  Rig rig;
  rig.env.vars = {{"KUBERNETES_SERVICE_HOST", "fd00::1"}, {"KUBERNETES_SERVICE_PORT", "443"}};
  auto no_token = load_in_cluster(rig.env.lookup(), rig.opts.in_cluster);
  REQUIRE_FALSE(no_token);
  CHECK(no_token.error().code == ErrorCode::Unauthenticated);
  rig.dir.write("sa/token", "tok");
  auto c = load_in_cluster(rig.env.lookup(), rig.opts.in_cluster);
  REQUIRE(c);
  CHECK(c->transport.base_url == "https://[fd00::1]:443");
  CHECK(c->transport.ca_pem.empty());
  CHECK(c->default_namespace == "default");
  rig.env.vars.erase("KUBERNETES_SERVICE_PORT");
  CHECK(load_in_cluster(rig.env.lookup(), rig.opts.in_cluster).error().code == ErrorCode::NotFound);
}

TEST_CASE("resolution order: flag, KUBECONFIG, in-cluster, HOME") {
  Rig rig;
  rig.dir.write("sa/token", "tok");
  auto flag = rig.dir.write("flag.yaml", minimal_kubeconfig("https://flag:6443"));
  auto envfile = rig.dir.write("env.yaml", minimal_kubeconfig("https://env:6443"));
  rig.dir.write("home/.kube/config", minimal_kubeconfig("https://home:6443"));
  rig.env.vars = {{"KUBECONFIG", rig.dir.str() + "/absent.yaml:" + envfile},
                  {"KUBERNETES_SERVICE_HOST", "10.0.0.1"},
                  {"KUBERNETES_SERVICE_PORT", "443"},
                  {"HOME", rig.dir.str() + "/home"}};
  rig.opts.kubeconfig = flag;
  CHECK(rig.load()->transport.base_url == "https://flag:6443");
  rig.opts.kubeconfig.clear();
  CHECK(rig.load()->transport.base_url == "https://env:6443");
  rig.env.vars.erase("KUBECONFIG");
  CHECK(rig.load()->transport.base_url == "https://10.0.0.1:443");
  rig.env.vars.erase("KUBERNETES_SERVICE_HOST");
  CHECK(rig.load()->transport.base_url == "https://home:6443");
  rig.env.vars.erase("HOME");
  auto none = rig.load();
  REQUIRE_FALSE(none);
  CHECK(none.error().code == ErrorCode::NotFound);
}

TEST_CASE("KUBECONFIG naming no existing file is an error, not a fallthrough") {
  Rig rig;
  rig.dir.write("home/.kube/config", minimal_kubeconfig("https://home:6443"));
  rig.env.vars = {{"KUBECONFIG", rig.dir.str() + "/a:" + rig.dir.str() + "/b"}, {"HOME", rig.dir.str() + "/home"}};
  auto r = rig.load();
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("KUBECONFIG") != std::string::npos);
}

TEST_CASE("an unusable in-cluster account is reported when there is no home kubeconfig") {
  Rig rig;
  rig.env.vars = {{"KUBERNETES_SERVICE_HOST", "10.0.0.1"}, {"KUBERNETES_SERVICE_PORT", "443"}};
  auto r = rig.load();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::Unauthenticated);
}

}  // namespace
}  // namespace gpupool::config
