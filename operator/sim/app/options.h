#pragma once
// Command-line flags of gpupool-sim (docs/simulator.md, "Flags").
#include <string>
#include <vector>

namespace gpupool::sim::app {

// --port-base N uses ports N .. N+kPortsUsed-1.
inline constexpr int kPortsUsed = 6;

struct SimOptions {
  std::string state_dir;          // required
  int port_base = 0;              // 0: free ports; else kube N, admin N+1, gke N+2, aks N+3, oke N+4, coreweave N+5
  bool plain_http = false;        // serve the Kubernetes API without TLS
  bool persist = false;           // keep objects, PKI, token (and ports) across restarts
  int bookmark_interval_ms = 60000;
  double provisioning_seconds = 2;  // cloud node provisioning time (World default)
  std::string log_level = "info";
};

struct ParseResult {
  enum class Kind { Run, Help, Error } kind = Kind::Run;
  SimOptions options;
  std::string error;  // for Kind::Error: one line, no usage text
};

// Parses argv[1..]. Accepts "--flag value" and "--flag=value". Never exits.
ParseResult parse_args(const std::vector<std::string>& args);

// Usage text for --help and after errors.
std::string usage();

}  // namespace gpupool::sim::app
