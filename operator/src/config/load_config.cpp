#include "config/load_config.h"

#include <filesystem>

#include "common/log.h"
#include "config/kubeconfig.h"

namespace gpupool::config {
namespace {

bool exists(const std::string& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec);
}

std::vector<std::string> split_paths(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(':', start);
    if (end == std::string::npos) end = list.size();
    if (end > start) out.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Result<RestConfig> from_kubeconfig_env(const std::string& list, const std::string& context) {
  const auto paths = split_paths(list);
  for (const auto& p : paths) {
    if (!exists(p)) continue;
    if (paths.size() > 1)
      log::info("KUBECONFIG lists several files; using only the first that exists (no merging)", {{"path", p}});
    return load_kubeconfig(p, context);
  }
  return fail(ErrorCode::NotFound, "KUBECONFIG=" + list + " names no existing file");
}

}  // namespace

Result<RestConfig> load_config(const LoadOptions& opts) {
  if (!opts.kubeconfig.empty()) return load_kubeconfig(opts.kubeconfig, opts.context);
  if (auto list = opts.env("KUBECONFIG")) return from_kubeconfig_env(*list, opts.context);
  auto in_cluster = load_in_cluster(opts.env, opts.in_cluster);
  if (in_cluster) return in_cluster;
  // In a cluster but with an unusable service account: a home kubeconfig may
  // still work (controller-runtime falls through too); else report it.
  const bool in_a_cluster = in_cluster.error().code != ErrorCode::NotFound;
  if (auto home = opts.env("HOME")) {
    const std::string path = *home + "/.kube/config";
    if (exists(path)) {
      if (in_a_cluster) log::warn("in-cluster config failed; using $HOME/.kube/config", {{"error", in_cluster.error().message}});
      return load_kubeconfig(path, opts.context);
    }
  }
  if (in_a_cluster) return in_cluster.error();
  return fail(ErrorCode::NotFound,
              "no Kubernetes configuration: pass --kubeconfig, set KUBECONFIG, run in a cluster, or create "
              "$HOME/.kube/config");
}

}  // namespace gpupool::config
