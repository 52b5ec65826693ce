#pragma once
// HeapTrimmer: returns freed heap pages to the OS now and then (glibc
// malloc_trim). An informer (re)list holds every object as JSON at once
// (~8 KB per GPUPool) before decoding it into the compact cache (~2 KB);
// without trimming, RSS stays at the list's peak (10k pools: ~150 MB
// instead of ~57 MB). Stops and joins in the destructor.
#include <chrono>
#include <thread>

namespace gpupool::app {

class HeapTrimmer {
 public:
  // First trim after `first`, then every `period`.
  HeapTrimmer(std::chrono::milliseconds first, std::chrono::milliseconds period);
  ~HeapTrimmer() = default;  // jthread: request stop + join

 private:
  std::jthread thread_;
};

}  // namespace gpupool::app
