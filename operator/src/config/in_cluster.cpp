#include "config/in_cluster.h"

#include <cstdlib>

#include "common/log.h"
#include "config/config_files.h"

namespace gpupool::config {

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  };
}

Result<RestConfig> load_in_cluster(const EnvLookup& env, const InClusterPaths& paths) {
  auto host = env("KUBERNETES_SERVICE_HOST");
  auto port = env("KUBERNETES_SERVICE_PORT");
  if (!host || !port)
    return fail(ErrorCode::NotFound, "not in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set");
  // IPv6 literals need brackets in a URL.
  const std::string h = host->find(':') != std::string::npos ? "[" + *host + "]" : *host;
  RestConfig out;
  out.transport.base_url = "https://" + h + ":" + *port;
  auto token = read_file(paths.token);
  if (!token || trim(*token).empty())
    return fail(ErrorCode::Unauthenticated,
                "in-cluster service account token " + paths.token + ": " + (token ? "empty" : token.error().message));
  out.transport.bearer_token_file = paths.token;
  if (auto ca = read_file(paths.ca)) out.transport.ca_pem = std::move(*ca);
  else log::warn("in-cluster CA not loaded; using system roots", {{"error", ca.error().message}});
  if (auto ns = read_file(paths.namespace_file); ns && !trim(*ns).empty()) out.default_namespace = trim(*ns);
  out.source = "in-cluster";
  return out;
}

}  // namespace gpupool::config
