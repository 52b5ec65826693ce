// gpupool-operator: parse flags, install signal handling, run.
// Exit codes: 0 clean shutdown, 1 runtime/config failure, 2 bad flags.
#include <cstdio>
#include <stop_token>
#include <string>
#include <vector>

#include "app/operator.h"
#include "app/options.h"
#include "app/signals.h"
#include "common/log.h"

int main(int argc, char** argv) {
  using namespace gpupool;
  auto opts = app::parse_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!opts) {
    std::fprintf(stderr, "gpupool-operator: %s\nRun 'gpupool-operator --help' for usage.\n",
                 opts.error().message.c_str());
    return 2;
  }
  if (opts->help) {
    std::fputs(app::usage().c_str(), stdout);
    return 0;
  }
  log::configure(opts->log_format, opts->log_level);
  std::stop_source shutdown;
  app::SignalWatcher signals([&shutdown](int) { shutdown.request_stop(); });  // before any other thread
  return app::run_operator(*opts, shutdown);
}
