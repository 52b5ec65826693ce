#include "sim/app/state_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sim/server/tls.h"

namespace gpupool::sim::app {
namespace fs = std::filesystem;

namespace {

// YAML double-quoted scalar; our values are URLs, base64 and hex, but quote
// anyway so nothing is ever reinterpreted.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

[[noreturn]] void io_error(const std::string& what, const fs::path& p) {
  throw std::runtime_error(what + " " + p.string() + ": " + std::strerror(errno));
}

}  // namespace

std::string render_kubeconfig(const KubeconfigSpec& spec) {
  std::ostringstream y;
  y << "apiVersion: v1\n"
    << "kind: Config\n"
    << "clusters:\n"
    << "- name: gpupool-sim\n"
    << "  cluster:\n"
    << "    server: " << quoted(spec.server) << "\n";
  if (!spec.ca_pem.empty()) y << "    certificate-authority-data: " << quoted(tls::base64_encode(spec.ca_pem)) << "\n";
  y << "users:\n"
    << "- name: gpupool-sim\n";
  if (spec.token.empty()) y << "  user: {}\n";
  else y << "  user:\n    token: " << quoted(spec.token) << "\n";
  y << "contexts:\n"
    << "- name: gpupool-sim\n"
    << "  context:\n"
    << "    cluster: gpupool-sim\n"
    << "    user: gpupool-sim\n"
    << "    namespace: default\n"
    << "current-context: gpupool-sim\n"
    << "preferences: {}\n";
  return y.str();
}

void write_file_atomic(const fs::path& path, const std::string& content, fs::perms mode) {
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) io_error("creating", tmp);
  std::size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      io_error("writing", tmp);
    }
    off += static_cast<std::size_t>(n);
  }
  // fsync so a crash right after rename never leaves an empty file behind.
  if (::fsync(fd) != 0 || ::close(fd) != 0) io_error("flushing", tmp);
  if (::rename(tmp.c_str(), path.c_str()) != 0) io_error("renaming", tmp);
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void publish_state(const fs::path& dir, const nlohmann::json& endpoints, const KubeconfigSpec& kube) {
  fs::create_directories(dir);
  if (kube.ca_pem.empty()) {
    std::error_code ec;
    fs::remove(dir / "ca.crt", ec);  // a stale CA from an HTTPS run would mislead
  } else {
    write_file_atomic(dir / "ca.crt", kube.ca_pem, fs::perms::owner_read | fs::perms::owner_write |
                                                       fs::perms::group_read | fs::perms::others_read);
  }
  write_file_atomic(dir / "kubeconfig", render_kubeconfig(kube));
  write_file_atomic(dir / "endpoints.json", endpoints.dump(2) + "\n",
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
}

void save_ports(const fs::path& dir, const nlohmann::json& ports) {
  write_file_atomic(dir / "ports.json", ports.dump() + "\n");
}

std::optional<int> previous_port(const fs::path& dir, const std::string& key) {
  auto text = read_file(dir / "ports.json");
  if (!text) return std::nullopt;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer()) return std::nullopt;
  int port = j[key].get<int>();
  if (port > 0 && port < 65536) return port;
  return std::nullopt;
}

}  // namespace gpupool::sim::app
