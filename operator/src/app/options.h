#pragma once
// Command-line options, controller-runtime style (kubebuilder main.go flags).
// Accepts --flag=value, --flag value, -flag (Go's flag package), and bare
// boolean flags (--leader-elect) or --leader-elect=false.
#include <chrono>
#include <string>
#include <vector>

#include "common/log.h"
#include "common/result.h"

namespace gpupool::app {

struct Options {
  std::string kubeconfig;
  std::string context;
  std::string watch_namespace;  // --namespace; "" = all namespaces
  std::string metrics_bind_address = ":8080";
  std::string health_probe_bind_address = ":8081";
  bool leader_elect = false;
  std::string leader_election_id = "gpupool-operator";
  std::string leader_election_namespace;  // "" = in-cluster namespace or "default"
  std::chrono::milliseconds lease_duration{15000};
  std::chrono::milliseconds renew_deadline{10000};
  std::chrono::milliseconds retry_period{2000};
  int concurrency = 4;
  double kube_api_qps = 20;  // client-side rate limit (controller-runtime defaults 20/30)
  int kube_api_burst = 30;
  std::chrono::milliseconds graceful_shutdown_timeout{30000};
  // How often a steady GPUPool re-reads its clouds (drift repair).
  std::chrono::milliseconds steady_resync{300000};
  log::Format log_format = log::Format::Json;
  log::Level log_level = log::Level::Info;
  bool help = false;
};

// InvalidArgument with a one-line message naming the flag on any problem
// (unknown flag, missing value, bad number/duration/enum). Also checks the
// bind addresses and leader-election timing (lease > renew > 1.2 * retry).
Result<Options> parse_options(const std::vector<std::string>& args);
std::string usage();

}  // namespace gpupool::app
