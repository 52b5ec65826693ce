#pragma once
// Small file and encoding helpers shared by the kubeconfig and in-cluster
// loaders. No exceptions: failures are Errors naming the path.
#include <string>

#include "common/result.h"

namespace gpupool::config {

// Whole file as bytes. NotFound if missing, Internal if unreadable.
Result<std::string> read_file(const std::string& path);
// `path` unchanged if absolute or empty, else joined to `base_dir`
// (kubeconfig paths are relative to the kubeconfig's own directory).
std::string resolve_path(const std::string& base_dir, const std::string& path);
// Standard base64 with optional padding; whitespace is ignored.
Result<std::string> base64_decode(const std::string& in);
std::string trim(std::string s);

}  // namespace gpupool::config
