#include "app/heap_trimmer.h"

#include <malloc.h>

#include <condition_variable>
#include <mutex>

namespace gpupool::app {

HeapTrimmer::HeapTrimmer(std::chrono::milliseconds first, std::chrono::milliseconds period)
    : thread_([first, period](std::stop_token st) {
        std::mutex m;
        std::condition_variable_any cv;
        std::unique_lock lock(m);
        // Real time on purpose: this is housekeeping, not behaviour under test.
        for (auto wait = first;; wait = period) {
          cv.wait_for(lock, st, wait, [] { return false; });
          if (st.stop_requested()) return;
          malloc_trim(0);
        }
      }) {}

}  // namespace gpupool::app
