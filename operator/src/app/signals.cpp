#include "app/signals.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "common/log.h"

namespace gpupool::app {

SignalWatcher::SignalWatcher(std::function<void(int)> on_signal) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::thread([set, cb = std::move(on_signal)] {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) return;
    log::info("received signal, shutting down", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
    cb(sig);
    if (sigwait(&set, &sig) != 0) return;
    log::warn("second signal, exiting immediately", {});
    std::_Exit(1);
  });
}

// The thread blocks in sigwait for the life of the process; the process
// exits through main's return or _Exit, which ends it.
SignalWatcher::~SignalWatcher() {
  if (thread_.joinable()) thread_.detach();
}

}  // namespace gpupool::app
