#pragma once
// SignalWatcher: turns SIGTERM/SIGINT into a callback on a dedicated thread
// (sigwait), so no work happens in a signal handler. Construct it first in
// main, before any other thread exists: it blocks the signals process-wide
// (threads inherit the mask). A second signal while shutting down exits at
// once with status 1, like controller-runtime's second-signal handling.
#include <functional>
#include <thread>

namespace gpupool::app {

class SignalWatcher {
 public:
  // `on_signal(signo)` runs on the watcher thread for the first signal.
  explicit SignalWatcher(std::function<void(int)> on_signal);
  ~SignalWatcher();  // detaches: sigwait cannot be interrupted portably
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  std::thread thread_;
};

}  // namespace gpupool::app
