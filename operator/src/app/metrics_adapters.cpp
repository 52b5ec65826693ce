#include "app/metrics_adapters.h"

namespace gpupool::app {
namespace {

class QueueMetrics final : public kube::WorkQueueMetrics {
 public:
  QueueMetrics(metrics::Metrics& m, std::string name) : m_(m), name_(std::move(name)) {}
  void on_depth(std::size_t depth) override { m_.set_queue_depth(name_, static_cast<long long>(depth)); }
  void on_add() override { m_.inc_queue_adds(name_); }
  void on_queue_latency(std::chrono::duration<double> s) override { m_.observe_queue_duration(name_, s.count()); }
  void on_work_duration(std::chrono::duration<double> s) override { m_.observe_work_duration(name_, s.count()); }
  void on_retry() override { m_.inc_queue_retries(name_); }

 private:
  metrics::Metrics& m_;
  std::string name_;
};

class ControllerMetrics final : public controller::ControllerMetrics {
 public:
  explicit ControllerMetrics(metrics::Metrics& m) : m_(m) {}
  // controller-runtime counts a recovered panic as an error result too.
  void on_reconcile(const std::string& controller, const std::string& result,
                    std::chrono::duration<double> seconds) override {
    if (result == "panic") m_.inc_reconcile_panics(controller);
    m_.observe_reconcile(controller, result == "panic" ? "error" : result, seconds.count());
  }
  void on_active_workers(const std::string& controller, int n) override { m_.set_active_workers(controller, n); }

 private:
  metrics::Metrics& m_;
};

}  // namespace

std::shared_ptr<kube::WorkQueueMetrics> queue_metrics(metrics::Metrics& m, std::string queue_name) {
  return std::make_shared<QueueMetrics>(m, std::move(queue_name));
}

std::shared_ptr<controller::ControllerMetrics> controller_metrics(metrics::Metrics& m) {
  return std::make_shared<ControllerMetrics>(m);
}

}  // namespace gpupool::app
