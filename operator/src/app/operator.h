#pragma once
// The composition root's body: config -> transport -> RestClient ->
// informers -> controllers, gated by leader election, with /metrics and
// /healthz,/readyz servers. Blocks until `shutdown` is requested (SIGTERM)
// and returns the process exit code:
//   0  clean shutdown: controllers drained (bounded), lease released
//   1  bad client config, a port that cannot be bound, caches that never
//      synced, or leadership lost (exits at once, like controller-runtime)
#include <stop_token>

#include "app/options.h"

namespace gpupool::app {

int run_operator(const Options& opts, std::stop_source& shutdown);

}  // namespace gpupool::app
