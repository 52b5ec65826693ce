#include "sim/coreweave/kubeconfig.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace gpupool::sim::coreweave {

namespace {
std::string base64(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
  }
  if (i + 1 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16;
    out += {k[v >> 18], k[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
  }
  return out;
}

// Double-quoted YAML scalar (tokens and URLs need no escapes beyond these).
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return out + "\"";
}
}  // namespace

std::string kubeconfig_yaml(const KubeconfigData& d) {
  std::string y = "apiVersion: v1\nkind: Config\nclusters:\n- name: " + quoted(d.cluster) + "\n  cluster:\n    server: " +
                  quoted(d.server) + "\n";
  if (!d.ca_pem.empty()) y += "    certificate-authority-data: " + base64(d.ca_pem) + "\n";
  y += "users:\n- name: " + quoted(d.cluster + "-token") + "\n  user:\n    token: " + quoted(d.token) + "\n";
  y += "contexts:\n- name: " + quoted(d.cluster) + "\n  context:\n    cluster: " + quoted(d.cluster) +
       "\n    user: " + quoted(d.cluster + "-token") + "\ncurrent-context: " + quoted(d.cluster) + "\n";
  return y;
}

void write_kubeconfig(const std::string& path, const KubeconfigData& d) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec) throw std::runtime_error("coreweave sim: cannot create " + fs::path(path).parent_path().string() + ": " + ec.message());
  {
    std::ofstream out(path, std::ios::trunc);
    if (!out) throw std::runtime_error("coreweave sim: cannot write " + path);
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
    out << kubeconfig_yaml(d);
    if (!out) throw std::runtime_error("coreweave sim: cannot write " + path);
  }
}

}  // namespace gpupool::sim::coreweave
