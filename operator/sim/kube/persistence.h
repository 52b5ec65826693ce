#pragma once
// Saves every stored object and the current resourceVersion to
// <dir>/kube-state.json (debounced after writes, and at stop), and loads it
// back at start. Event history is not saved: after a restart the RV keeps
// growing and older watch RVs get 410.
#include <memory>
#include <string>
#include <thread>

#include "sim/kube/store.h"

namespace gpupool::sim::kube {

class Persistence {
 public:
  Persistence(std::string dir, std::shared_ptr<Store> store);
  ~Persistence();  // stop()

  // Loads a saved snapshot, if any, into the (empty) store. Returns "" or an error.
  std::string load();
  void start();  // background saver thread
  void stop();   // ends the thread and writes a final snapshot; idempotent

 private:
  void run();
  // Snapshot under the lock (held by caller via `lock`), write outside it.
  void save(std::unique_lock<std::mutex>& lock);

  std::string dir_;
  std::shared_ptr<Store> store_;
  std::thread thread_;
  bool stop_ = false;      // guarded by store mutex
  bool stopped_ = false;
  std::uint64_t saved_changes_ = 0;
};

}  // namespace gpupool::sim::kube
