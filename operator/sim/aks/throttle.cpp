#include "sim/aks/throttle.h"

#include <algorithm>
#include <cmath>

namespace gpupool::sim::aks {

ThrottleDecision ArmThrottle::take(const std::string& subscription, const std::string& principal,
                                   const std::string& method) {
  ThrottleDecision d;
  double size = limits_.write_bucket, refill = limits_.write_refill;
  d.kind = "writes";
  if (method == "GET" || method == "HEAD") {
    d.kind = "reads", size = limits_.read_bucket, refill = limits_.read_refill;
  } else if (method == "DELETE") {
    d.kind = "deletes", size = limits_.delete_bucket, refill = limits_.delete_refill;
  }
  auto now = clock_.now();
  auto [it, fresh] = buckets_.try_emplace({subscription, principal, d.kind}, Bucket{size, now});
  Bucket& b = it->second;
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(size, b.tokens + elapsed * refill);
    b.last = now;
  }
  if (b.tokens < 1.0) {
    d.allowed = false;
    d.remaining = 0;
    // Whole seconds until one token is back (never 0: "retry after 0" would spin).
    d.retry_after_seconds = std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / std::max(refill, 1e-3))));
    return d;
  }
  b.tokens -= 1.0;
  d.remaining = static_cast<long>(std::floor(b.tokens));
  return d;
}

void ArmThrottle::set_limits(const ThrottleLimits& limits) {
  limits_ = limits;
  buckets_.clear();
}

}  // namespace gpupool::sim::aks
