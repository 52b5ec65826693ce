#include "sim/app/credentials.h"

#include "sim/app/state_dir.h"
#include "sim/server/sim_log.h"

namespace gpupool::sim::app {
namespace fs = std::filesystem;

Credentials load_or_create_credentials(const fs::path& state_dir, bool persist) {
  const fs::path pki_dir = state_dir / "pki";
  if (persist) {
    auto ca = read_file(pki_dir / "ca.crt");
    auto cert = read_file(pki_dir / "server.crt");
    auto key = read_file(pki_dir / "server.key");
    auto token = read_file(pki_dir / "token");
    if (ca && cert && key && token && !ca->empty() && !cert->empty() && !key->empty() && !token->empty()) {
      log::info("reusing persisted credentials", {{"dir", pki_dir.string()}});
      return Credentials{tls::Pki{*ca, *cert, *key}, *token};
    }
  }
  Credentials c{tls::generate_pki(), tls::random_token()};
  if (persist) {
    fs::create_directories(pki_dir);
    fs::permissions(pki_dir, fs::perms::owner_all);
    write_file_atomic(pki_dir / "ca.crt", c.pki.ca_cert_pem);
    write_file_atomic(pki_dir / "server.crt", c.pki.server_cert_pem);
    write_file_atomic(pki_dir / "server.key", c.pki.server_key_pem);
    write_file_atomic(pki_dir / "token", c.token);
    log::info("generated persisted credentials", {{"dir", pki_dir.string()}});
  }
  return c;
}

}  // namespace gpupool::sim::app
