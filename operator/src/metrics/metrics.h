#pragma once
// Metrics: every series the operator exports, behind one facade so no other
// area includes prometheus-cpp. Names and labels mirror controller-runtime
// and client-go (kubernetes-api.md §12.4) plus gpupool_* ones. Thread-safe;
// all methods are cheap (a label lookup and an atomic add).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace prometheus {
class Collectable;
}

namespace gpupool::metrics {

class GPUPoolMetrics;

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // ---- controller-runtime ----
  // result: "success" | "error" | "requeue" | "requeue_after". An "error"
  // also counts controller_runtime_reconcile_errors_total.
  void observe_reconcile(const std::string& controller, std::string_view result, double seconds);
  void inc_reconcile_panics(const std::string& controller);
  void set_max_concurrent_reconciles(const std::string& controller, int n);
  void set_active_workers(const std::string& controller, int n);

  // ---- client-go workqueue (label name = queue name = controller name) ----
  void set_queue_depth(const std::string& name, long long depth);
  void inc_queue_adds(const std::string& name);
  void observe_queue_duration(const std::string& name, double seconds);  // add -> get
  void observe_work_duration(const std::string& name, double seconds);   // get -> done
  void inc_queue_retries(const std::string& name);

  // ---- leader election ----
  void set_leader(const std::string& lease_name, bool leading);
  void inc_leader_slowpath(const std::string& lease_name);

  // ---- client ----
  void inc_rest_request(std::string_view method, int code);

  // ---- gpupool ----
  // One series per CloudCluster (bounded by the number of clusters, which is
  // small by nature); 1 when Ready=True.
  void set_cloudcluster_ready(const std::string& ns, const std::string& name, const std::string& provider, bool ready);
  void forget_cloudcluster(const std::string& ns, const std::string& name);
  // 1 once the informer for `resource` ("gpupools") has synced.
  void set_informer_synced(const std::string& resource, bool synced);
  void set_cached_objects(const std::string& resource, long long n);
  // 1 while the controllers are running (leader, or leader election off).
  void set_controllers_active(bool active);
  // One cloud API call through a NodePoolProvider (cloud/instrumented.h):
  // gpupool_cloud_requests_total{provider,operation,outcome} and
  // gpupool_cloud_request_duration_seconds{provider,operation}.
  void observe_cloud_request(std::string_view provider, std::string_view operation, std::string_view outcome,
                             double seconds);

  // What the GPUPool reconciler did (gpupool_metrics.h).
  GPUPoolMetrics& gpupools();

  // Prometheus text exposition of everything (tests, debugging).
  std::string scrape() const;
  // What MetricsServer exposes; not for general use.
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpupool::metrics
