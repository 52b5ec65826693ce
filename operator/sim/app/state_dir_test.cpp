#include "sim/app/state_dir.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include "sim/server/tls.h"

using namespace gpupool::sim::app;
namespace fs = std::filesystem;

namespace {
fs::path temp_dir() {
  std::string tmpl = (fs::temp_directory_path() / "simstate.XXXXXX").string();
  REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
  return tmpl;
}
}  // namespace

TEST_CASE("publish_state writes kubeconfig, ca.crt and endpoints.json") {
  auto dir = temp_dir();
  publish_state(dir, {{"kube", "https://127.0.0.1:7000"}, {"admin", "http://127.0.0.1:7001"}},
                KubeconfigSpec{"https://127.0.0.1:7000", "-----CA-----\n", "tok"});
  auto kc = read_file(dir / "kubeconfig");
  REQUIRE(kc);
  CHECK(kc->find("server: \"https://127.0.0.1:7000\"") != std::string::npos);
  CHECK(kc->find("certificate-authority-data: \"" + gpupool::sim::tls::base64_encode("-----CA-----\n") + "\"") !=
        std::string::npos);
  CHECK(kc->find("token: \"tok\"") != std::string::npos);
  CHECK(kc->find("current-context: gpupool-sim") != std::string::npos);
  CHECK(read_file(dir / "ca.crt") == "-----CA-----\n");
  CHECK_FALSE(previous_port(dir, "kube"));
  save_ports(dir, {{"kube", 7000}, {"admin", 7001}});
  CHECK(previous_port(dir, "kube") == 7000);
  CHECK(previous_port(dir, "admin") == 7001);
  CHECK_FALSE(previous_port(dir, "gke"));
  CHECK((fs::status(dir / "kubeconfig").permissions() & fs::perms::others_read) == fs::perms::none);

  // Plain HTTP: no CA anywhere, stale ca.crt removed.
  publish_state(dir, {{"kube", "http://127.0.0.1:7000"}}, KubeconfigSpec{"http://127.0.0.1:7000", "", "tok"});
  CHECK_FALSE(fs::exists(dir / "ca.crt"));
  CHECK(read_file(dir / "kubeconfig")->find("certificate-authority") == std::string::npos);
  for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().string().find(".tmp.") == std::string::npos);
  fs::remove_all(dir);
}
