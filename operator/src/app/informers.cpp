#include "app/informers.h"

#include "api/resources.h"

namespace gpupool::app {
namespace {

kube::ReflectorOptions scoped(const std::string& ns) {
  kube::ReflectorOptions o;
  o.ns = ns;
  return o;
}

}  // namespace

Informers::Informers(kube::Client& client, Clock& clock, const std::string& ns, metrics::Metrics& metrics)
    : pools(client, api::gpupools(), clock, scoped(ns)),
      clusters(client, api::cloudclusters(), clock, scoped(ns)),
      secrets(client, api::secrets(), clock, scoped(ns)),
      metrics_(metrics) {
  count_objects(pools, "gpupools");
  count_objects(clusters, "cloudclusters");
  count_objects(secrets, "secrets");
}

Informers::~Informers() { stop(); }

template <typename T>
void Informers::count_objects(kube::Informer<T>& inf, const std::string& resource) {
  auto update = [this, &inf, resource](const auto&) {
    metrics_.set_cached_objects(resource, static_cast<long long>(inf.cache().size()));
  };
  inf.add_handlers({update, nullptr, update});
}

void Informers::start() {
  threads_.emplace_back([this](std::stop_token st) { pools.run(st); });
  threads_.emplace_back([this](std::stop_token st) { clusters.run(st); });
  threads_.emplace_back([this](std::stop_token st) { secrets.run(st); });
}

void Informers::stop() {
  for (auto& t : threads_) t.request_stop();
  threads_.clear();  // jthread joins
}

bool Informers::synced() const { return pools.has_synced() && clusters.has_synced() && secrets.has_synced(); }

bool Informers::wait_for_sync(std::stop_token stop, Clock::duration timeout) {
  bool ok = pools.wait_for_sync(stop, timeout) && clusters.wait_for_sync(stop, timeout) &&
            secrets.wait_for_sync(stop, timeout);
  metrics_.set_informer_synced("gpupools", pools.has_synced());
  metrics_.set_informer_synced("cloudclusters", clusters.has_synced());
  metrics_.set_informer_synced("secrets", secrets.has_synced());
  return ok;
}

}  // namespace gpupool::app
