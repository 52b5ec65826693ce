// gpupool-sim: simulated Kubernetes API, cloud APIs (GKE, AKS, OKE, CoreWeave)
// and admin API for tests. Composition only; see sim/app/simulator.* and docs/simulator.md.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "sim/app/options.h"
#include "sim/app/simulator.h"
#include "sim/server/sim_log.h"

namespace app = gpupool::sim::app;
namespace slog = gpupool::sim::log;

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = app::parse_args(args);
  if (parsed.kind == app::ParseResult::Kind::Help) {
    std::cout << app::usage();
    return 0;
  }
  if (parsed.kind == app::ParseResult::Kind::Error) {
    std::cerr << "gpupool-sim: " << parsed.error << "\n\n" << app::usage();
    return 2;
  }
  slog::Level level = slog::Level::Info;
  slog::parse_level(parsed.options.log_level, level);
  slog::set_level(level);

  // Block the stop signals in every thread (threads inherit the mask) and
  // wait for them synchronously below; no async-signal-safety concerns.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client hanging up must not kill us

  app::Simulator sim(parsed.options);
  try {
    sim.start();
  } catch (const std::exception& e) {
    slog::error("startup failed", {{"error", e.what()}});
    return 1;
  }
  int sig = 0;
  sigwait(&stop_signals, &sig);
  slog::info("stopping", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  sim.stop();
  slog::info("stopped");
  return 0;
}
