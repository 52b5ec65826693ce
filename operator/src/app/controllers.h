#pragma once
// The operator's controllers and how informer events reach their queues:
//   CloudCluster add/update/delete        -> cloudcluster queue
//   Secret add/update/delete              -> every CloudCluster referencing it
//                                            (cache index by secret name)
//   GPUPool add/delete, update that needs -> gpupool queue
//   it (pool_needs_reconcile)
//   CloudCluster add/update/delete        -> every GPUPool referencing it
//                                            (cache index by cloudClusterRef)
//   GPUPool delete                        -> the CloudClusters it referenced
//                                            (orphaned-pool report)
// Handlers enqueue even before start(), so a standby that becomes leader
// already holds every key. Construct before Informers::start().
#include <memory>

#include "app/informers.h"
#include "app/options.h"
#include "cloud/factory/metrics_observer.h"
#include "cloud/factory/provider_registry.h"
#include "controller/cloudcluster_reconciler.h"
#include "controller/controller.h"
#include "controller/gpupool_reconciler.h"
#include "controller/gpupool_sources.h"
#include "kube/work_queue.h"

namespace gpupool::app {

class Controllers {
 public:
  // Everything must outlive this object.
  Controllers(const Options& opts, kube::Client& client, Clock& clock, Informers& informers,
              api::EventFn events, metrics::Metrics& metrics);

  // Starts the workers and enqueues every cached object (level-triggered
  // catch-up after winning an election). Call once.
  void start();
  // Stops taking work and waits for in-flight reconciles (bounded by
  // --graceful-shutdown-timeout). False if some were still running.
  bool stop();

 private:
  void wire_cloudclusters();
  void wire_gpupools();

  Informers& informers_;
  metrics::Metrics& metrics_;
  cloud::MetricsObserver cloud_observer_;
  cloud::ProviderRegistry providers_;  // one cloud client per CloudCluster, shared by the reconcilers
  controller::RegistryProviderSource pool_providers_;  // the registry as the GPUPool reconciler sees it
  kube::WorkQueue cc_queue_;
  kube::WorkQueue pool_queue_;
  controller::CloudClusterReconciler cc_reconciler_;
  controller::GPUPoolReconciler pool_reconciler_;
  controller::Controller cc_controller_;
  controller::Controller pool_controller_;
  bool started_ = false;
};

}  // namespace gpupool::app
