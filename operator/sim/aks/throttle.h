#pragma once
// ARM subscription throttling (cloud-apis.md §2.5; "Understand how Azure
// Resource Manager throttles requests"): one token bucket per (subscription,
// principal, operation type: reads | writes | deletes), refilled per second.
// Not thread-safe: AksSim calls it under its lock.
#include <chrono>
#include <map>
#include <string>
#include <tuple>

#include "sim/aks/aks_sim.h"
#include "src/common/clock.h"

namespace gpupool::sim::aks {

struct ThrottleDecision {
  bool allowed = true;
  long remaining = 0;        // tokens left after this request (header value)
  int retry_after_seconds = 0;  // when refused
  std::string kind;          // "reads" | "writes" | "deletes"
};

class ArmThrottle {
 public:
  ArmThrottle(Clock& clock, ThrottleLimits limits) : clock_(clock), limits_(limits) {}
  // Takes one token for `method` (GET/HEAD read, DELETE delete, else write).
  ThrottleDecision take(const std::string& subscription, const std::string& principal, const std::string& method);
  void set_limits(const ThrottleLimits& limits);  // and refills every bucket

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point last{};
  };
  Clock& clock_;
  ThrottleLimits limits_;
  std::map<std::tuple<std::string, std::string, std::string>, Bucket> buckets_;
};

}  // namespace gpupool::sim::aks
