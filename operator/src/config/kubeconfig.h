#pragma once
// Kubeconfig loading (one file; clientcmd's v1 Config schema).
// Supported: clusters[].cluster {server, certificate-authority(-data),
// insecure-skip-tls-verify}, users[].user {client-certificate(-data),
// client-key(-data), token, tokenFile}, contexts[].context {cluster, user,
// namespace}, current-context or an explicit context. The -data forms win
// over file paths; relative paths resolve against the kubeconfig's
// directory; tokenFile is kept as a path and re-read by the transport.
// Not supported, reported as InvalidArgument naming them: exec credential
// plugins, auth-provider, username/password. Never throws.
#include <string>

#include "common/result.h"
#include "config/rest_config.h"

namespace gpupool::config {

// `context` overrides current-context when non-empty. NotFound if the file
// does not exist; InvalidArgument for bad YAML or an unusable entry.
Result<RestConfig> load_kubeconfig(const std::string& path, const std::string& context = "");

// Same, from text; `base_dir` resolves relative paths, `origin` names the
// source in messages.
Result<RestConfig> parse_kubeconfig(const std::string& yaml, const std::string& base_dir,
                                    const std::string& origin, const std::string& context = "");

}  // namespace gpupool::config
