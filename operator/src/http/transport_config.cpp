#include "http/transport_config.h"

namespace gpupool::http {

namespace {
constexpr const char* kArch =
#if defined(__x86_64__)
    "amd64";
#elif defined(__aarch64__)
    "arm64";
#else
    "unknown";
#endif
}  // namespace

std::string default_user_agent() {
  return std::string("gpupool-operator/v0.1.0 (linux/") + kArch + ")";
}

std::string describe(const TransportConfig& c) {
  std::string auth = "none";
  if (!c.bearer_token_file.empty()) auth = "token-file " + c.bearer_token_file;
  else if (!c.bearer_token.empty()) auth = "token";
  if (!c.client_cert_pem.empty()) auth = (auth == "none" ? std::string() : auth + "+") + "client-cert";
  std::string tls = c.insecure_skip_tls_verify ? "insecure" : (c.ca_pem.empty() ? "system-roots" : "custom-ca");
  return "server=" + c.base_url + " auth=" + auth + " tls=" + tls;
}

}  // namespace gpupool::http
