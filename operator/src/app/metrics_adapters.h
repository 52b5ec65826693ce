#pragma once
// Adapters from the runtime's metric hooks (kube::WorkQueueMetrics,
// controller::ControllerMetrics) to metrics::Metrics. Thread-safe.
#include <memory>
#include <string>

#include "controller/controller.h"
#include "kube/work_queue.h"
#include "metrics/metrics.h"

namespace gpupool::app {

std::shared_ptr<kube::WorkQueueMetrics> queue_metrics(metrics::Metrics& m, std::string queue_name);
std::shared_ptr<controller::ControllerMetrics> controller_metrics(metrics::Metrics& m);

}  // namespace gpupool::app
