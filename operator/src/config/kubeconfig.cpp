#include "config/kubeconfig.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "common/log.h"
#include "config/config_files.h"

namespace gpupool::config {
namespace {

Error invalid(const std::string& origin, const std::string& msg) {
  return Error(ErrorCode::InvalidArgument, "kubeconfig " + origin + ": " + msg);
}

std::string str(const YAML::Node& n, const char* key) {
  const YAML::Node v = n[key];
  return v && v.IsScalar() ? v.as<std::string>() : std::string();
}

// Finds `list[i]` with name == `name` and returns its `key` body
// (clusters[].cluster, users[].user, contexts[].context).
std::optional<YAML::Node> find_named(const YAML::Node& list, const char* key, const std::string& name) {
  if (!list || !list.IsSequence()) return std::nullopt;
  for (const auto& item : list)
    if (str(item, "name") == name) return item[key] ? item[key] : YAML::Node(YAML::NodeType::Map);
  return std::nullopt;
}

// PEM from `<key>-data` (base64) or from the file named by `<key>`.
Result<std::string> pem_from(const YAML::Node& n, const std::string& key, const std::string& dir,
                             const std::string& origin) {
  if (auto data = str(n, (key + "-data").c_str()); !data.empty()) {
    auto pem = base64_decode(data);
    if (!pem) return invalid(origin, key + "-data: " + pem.error().message);
    return pem;
  }
  auto file = str(n, key.c_str());
  if (file.empty()) return std::string();
  auto pem = read_file(resolve_path(dir, file));
  if (!pem) return invalid(origin, key + ": " + pem.error().message);
  return pem;
}

Status apply_cluster(const YAML::Node& c, const std::string& dir, const std::string& origin, RestConfig& out) {
  auto& t = out.transport;
  t.base_url = str(c, "server");
  if (t.base_url.empty()) return invalid(origin, "cluster has no server");
  while (t.base_url.size() > 1 && t.base_url.back() == '/') t.base_url.pop_back();
  t.insecure_skip_tls_verify = c["insecure-skip-tls-verify"] && c["insecure-skip-tls-verify"].as<bool>();
  auto ca = pem_from(c, "certificate-authority", dir, origin);
  if (!ca) return ca.error();
  t.ca_pem = std::move(*ca);
  if (!t.ca_pem.empty() && t.insecure_skip_tls_verify)
    return invalid(origin, "specifying a root certificates file with the insecure flag is not allowed");
  for (const char* ignored : {"tls-server-name", "proxy-url"})
    if (!str(c, ignored).empty()) log::warn("kubeconfig setting not supported; ignored", {{"setting", ignored}});
  return ok();
}

// Auth mechanisms we cannot honour fail loudly at startup.
Status reject_unsupported(const YAML::Node& u, const std::string& user, const std::string& origin) {
  if (u["exec"]) {
    return invalid(origin, "user \"" + user + "\" uses an exec credential plugin (command \"" +
                               str(u["exec"], "command") +
                               "\"), which gpupool-operator does not support; use token, tokenFile or a client "
                               "certificate (e.g. a ServiceAccount token)");
  }
  if (u["auth-provider"])
    return invalid(origin, "user \"" + user + "\" uses auth-provider \"" + str(u["auth-provider"], "name") +
                               "\", which gpupool-operator does not support; use token, tokenFile or a client "
                               "certificate");
  if (!str(u, "username").empty() || !str(u, "password").empty())
    return invalid(origin, "user \"" + user + "\" uses basic auth (username/password), which is not supported");
  return ok();
}

Status apply_user(const YAML::Node& u, const std::string& user, const std::string& dir, const std::string& origin,
                  RestConfig& out) {
  if (auto s = reject_unsupported(u, user, origin); !s) return s;
  auto& t = out.transport;
  auto cert = pem_from(u, "client-certificate", dir, origin);
  if (!cert) return cert.error();
  auto key = pem_from(u, "client-key", dir, origin);
  if (!key) return key.error();
  if (cert->empty() != key->empty())
    return invalid(origin, "user \"" + user + "\" needs both a client certificate and a client key");
  t.client_cert_pem = std::move(*cert);
  t.client_key_pem = std::move(*key);
  t.bearer_token = str(u, "token");
  t.bearer_token_file = resolve_path(dir, str(u, "tokenFile"));
  return ok();
}

Result<std::string> pick_context(const YAML::Node& root, const std::string& override_ctx, const std::string& origin) {
  std::string name = override_ctx.empty() ? str(root, "current-context") : override_ctx;
  if (name.empty()) return invalid(origin, "no current-context is set and no context was given");
  return name;
}

Result<RestConfig> build(const YAML::Node& root, const std::string& dir, const std::string& origin,
                         const std::string& override_ctx) {
  auto name = pick_context(root, override_ctx, origin);
  if (!name) return name.error();
  auto ctx = find_named(root["contexts"], "context", *name);
  if (!ctx) return invalid(origin, "context \"" + *name + "\" not found");
  const std::string cluster_name = str(*ctx, "cluster"), user_name = str(*ctx, "user");
  auto cluster = find_named(root["clusters"], "cluster", cluster_name);
  if (!cluster) return invalid(origin, "cluster \"" + cluster_name + "\" (context \"" + *name + "\") not found");
  RestConfig out;
  if (auto s = apply_cluster(*cluster, dir, origin, out); !s) return s.error();
  if (!user_name.empty()) {
    auto user = find_named(root["users"], "user", user_name);
    if (!user) return invalid(origin, "user \"" + user_name + "\" (context \"" + *name + "\") not found");
    if (auto s = apply_user(*user, user_name, dir, origin, out); !s) return s.error();
  }
  if (auto ns = str(*ctx, "namespace"); !ns.empty()) out.default_namespace = ns;
  out.source = "kubeconfig " + origin + " (context " + *name + ")";
  return out;
}

}  // namespace

Result<RestConfig> parse_kubeconfig(const std::string& yaml, const std::string& base_dir, const std::string& origin,
                                    const std::string& context) {
  try {
    YAML::Node root = YAML::Load(yaml);
    if (!root.IsMap()) return invalid(origin, "not a YAML mapping");
    return build(root, base_dir, origin, context);
  } catch (const YAML::Exception& e) {
    return invalid(origin, std::string("invalid YAML: ") + e.what());
  }
}

Result<RestConfig> load_kubeconfig(const std::string& path, const std::string& context) {
  auto text = read_file(path);
  if (!text) return text.error();
  const std::string dir = std::filesystem::path(path).parent_path().string();
  return parse_kubeconfig(*text, dir.empty() ? "." : dir, path, context);
}

}  // namespace gpupool::config
