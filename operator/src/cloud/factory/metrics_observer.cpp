#include "cloud/factory/metrics_observer.h"

#include <chrono>

namespace gpupool::cloud {

void MetricsObserver::observe(const CallRecord& call) {
  const double seconds = std::chrono::duration<double>(call.duration).count();
  metrics_.observe_cloud_request(call.provider, call.operation, call.outcome, seconds);
}

}  // namespace gpupool::cloud
