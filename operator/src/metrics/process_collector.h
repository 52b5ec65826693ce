#pragma once
// process_* series (resident memory, CPU, start time, open fds) read from
// /proc/self at scrape time, like the Go client's process collector.
// Internal to metrics/: includes prometheus-cpp.
#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

namespace gpupool::metrics {

class ProcessCollector : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace gpupool::metrics
