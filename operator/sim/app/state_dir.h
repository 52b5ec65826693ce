#pragma once
// The files gpupool-sim publishes in its state directory (docs/simulator.md,
// "State directory"). Everything is written atomically (temp file + rename)
// so a reader polling for endpoints.json never sees a half-written file;
// endpoints.json is written last, so its presence means "ready".
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace gpupool::sim::app {

struct KubeconfigSpec {
  std::string server;  // "https://127.0.0.1:PORT"
  std::string ca_pem;  // empty: no certificate-authority-data (plain HTTP)
  std::string token;   // bearer token; empty: no user credentials
};

// kubeconfig YAML: cluster/context/user "gpupool-sim", current-context set.
std::string render_kubeconfig(const KubeconfigSpec& spec);

// Writes `content` to `path` via a temp file in the same directory and
// rename(2). Throws std::runtime_error on I/O failure.
void write_file_atomic(const std::filesystem::path& path, const std::string& content,
                       std::filesystem::perms mode = std::filesystem::perms::owner_read |
                                                     std::filesystem::perms::owner_write);

// Whole file, or nullopt if it cannot be read.
std::optional<std::string> read_file(const std::filesystem::path& path);

// Writes DIR/ca.crt (removed when ca_pem is empty), DIR/kubeconfig and, last,
// DIR/endpoints.json (`endpoints` object: {"kube": url, "admin": url, ...}).
void publish_state(const std::filesystem::path& dir, const nlohmann::json& endpoints, const KubeconfigSpec& kube);

// --persist remembers the bound ports in DIR/ports.json ({"kube":N,"admin":N})
// so a restart can listen where the old kubeconfig points. (Not read from
// endpoints.json: launchers delete that file to detect readiness.)
void save_ports(const std::filesystem::path& dir, const nlohmann::json& ports);
// Port saved under `key` by a previous run, if any.
std::optional<int> previous_port(const std::filesystem::path& dir, const std::string& key);

}  // namespace gpupool::sim::app
