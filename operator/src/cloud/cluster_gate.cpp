#include "cloud/cluster_gate.h"

#include <cmath>

namespace gpupool::cloud {

ClusterGate::ClusterGate(double max_rps, Clock& clock, int burst) : clock_(clock) { set_rate(max_rps, burst); }

void ClusterGate::set_rate(double max_rps, int burst) {
  int n = burst > 0 ? burst : std::max(1, static_cast<int>(std::ceil(max_rps)));
  std::lock_guard lock(mu_);
  rate_ = max_rps;
  if (max_rps <= 0) bucket_.reset();
  else if (bucket_) bucket_->set_rate(max_rps, n);  // keep the level: no second burst
  else bucket_ = std::make_shared<TokenBucket>(max_rps, n, clock_);
}

double ClusterGate::rate() const {
  std::lock_guard lock(mu_);
  return rate_;
}

std::shared_ptr<TokenBucket> ClusterGate::bucket() const {
  std::lock_guard lock(mu_);
  return bucket_;
}

void ClusterGate::acquire() {
  auto b = bucket();
  if (!b) return;
  auto wait = b->reserve();
  if (wait <= Clock::duration::zero()) return;
  // Nothing cancels this wait: it is bounded by the bucket's rate.
  std::mutex m;
  std::condition_variable cv;
  clock_.sleep_for(wait, m, cv, [] { return false; });
}

bool ClusterGate::try_acquire() {
  auto b = bucket();
  return !b || b->try_take();
}

bool ClusterGate::try_begin_mutation(const std::string& holder) {
  std::lock_guard lock(mu_);
  if (holder_) return false;
  holder_ = holder;
  return true;
}

std::vector<std::string> ClusterGate::end_mutation(const std::string& holder) {
  std::lock_guard lock(mu_);
  if (!holder_ || *holder_ != holder) return {};
  holder_.reset();
  std::vector<std::string> wake(waiters_.begin(), waiters_.end());
  waiters_.clear();
  return wake;
}

void ClusterGate::wait_for_release(const std::string& waiter) {
  std::lock_guard lock(mu_);
  if (holder_) waiters_.insert(waiter);
}

std::optional<std::string> ClusterGate::mutation_holder() const {
  std::lock_guard lock(mu_);
  return holder_;
}

std::shared_ptr<ClusterGate> ClusterGates::gate(const std::string& key, double max_rps) {
  std::lock_guard lock(mu_);
  auto& g = gates_[key];
  if (!g) g = std::make_shared<ClusterGate>(max_rps, clock_);
  else if (g->rate() != max_rps) g->set_rate(max_rps);
  return g;
}

void ClusterGates::forget(const std::string& key) {
  std::lock_guard lock(mu_);
  gates_.erase(key);
}

}  // namespace gpupool::cloud
