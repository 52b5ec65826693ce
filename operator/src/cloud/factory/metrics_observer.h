#pragma once
// MetricsObserver: the CallObserver (cloud/instrumented.h) that feeds every
// provider call into metrics::Metrics (gpupool_cloud_requests_total and
// gpupool_cloud_request_duration_seconds). Thread-safe.
#include "cloud/instrumented.h"
#include "metrics/metrics.h"

namespace gpupool::cloud {

class MetricsObserver final : public CallObserver {
 public:
  explicit MetricsObserver(metrics::Metrics& metrics) : metrics_(metrics) {}
  void observe(const CallRecord& call) override;

 private:
  metrics::Metrics& metrics_;
};

}  // namespace gpupool::cloud
