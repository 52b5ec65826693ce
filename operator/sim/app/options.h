#pragma once
// Command-line flags of gpupool-sim (docs/simulator.md, "Flags").
#include <string>
#include <vector>

namespace gpupool::sim::app {

struct SimOptions {
  std::string state_dir;          // required
  int port_base = 0;              // 0: free ports; else kube = N, admin = N+1
  bool plain_http = false;        // serve the Kubernetes API without TLS
  bool persist = false;           // keep objects, PKI, token (and ports) across restarts
  int bookmark_interval_ms = 60000;
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
