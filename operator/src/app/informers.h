#pragma once
// The operator's informers: GPUPools, CloudClusters and Secrets, all scoped
// to one namespace when --namespace is set. Register handlers and indexes
// before start(). Thread-safe accessors; start()/stop() from the owner.
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "api/cloudcluster.h"
#include "api/gpupool.h"
#include "api/secret.h"
#include "kube/informer.h"
#include "metrics/metrics.h"

namespace gpupool::app {

class Informers {
 public:
  // `client`, `clock` and `metrics` must outlive this object.
  Informers(kube::Client& client, Clock& clock, const std::string& ns, metrics::Metrics& metrics);
  ~Informers();  // stop()

  kube::Informer<api::GPUPool> pools;
  kube::Informer<api::CloudCluster> clusters;
  kube::Informer<api::Secret> secrets;

  void start();  // one thread per informer
  void stop();   // requests stop and joins
  bool synced() const;
  // Blocks until all have synced, `stop` is requested or `timeout` passes.
  bool wait_for_sync(std::stop_token stop, Clock::duration timeout);

 private:
  // Keeps gpupool_cache_objects current as objects come and go.
  template <typename T>
  void count_objects(kube::Informer<T>& inf, const std::string& resource);

  metrics::Metrics& metrics_;
  std::vector<std::jthread> threads_;
};

}  // namespace gpupool::app
