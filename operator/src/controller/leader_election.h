#pragma once
// Leader election on a coordination.k8s.io/v1 Lease, following client-go
// tools/leaderelection (kubernetes-api.md §8):
//  * acquire: every retry_period (jitter 1.2) try to take the lease: create it
//    if missing; take it if free (empty holderIdentity) or expired; expiry is
//    judged by when *we* last saw the lease record change on our Clock
//    (observed_time + leaseDurationSeconds), never by its timestamps.
//  * renew: every retry_period, retrying every retry_period for up to
//    renew_deadline; failure -> leadership lost.
//  * every write is a PUT carrying the resourceVersion we read (409 on races).
//  * stop requested while leading and release_on_cancel -> release the lease
//    (holderIdentity "", leaseDurationSeconds 1) so a successor starts at once.
// All timing goes through the Clock.
//
// Thread safety: run() is called once, on its own thread; callbacks run on
// that thread (on_started_leading must not block: start workers and return).
// is_leader()/leader() are thread-safe.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <stop_token>
#include <string>

#include "api/lease.h"
#include "common/clock.h"
#include "common/result.h"
#include "kube/client.h"

namespace gpupool::controller {

struct LeaderElectionConfig {
  std::string ns;
  std::string name;      // the Lease name (LeaderElectionID)
  std::string identity;  // default_identity() in production
  Clock::duration lease_duration = std::chrono::seconds(15);
  Clock::duration renew_deadline = std::chrono::seconds(10);
  Clock::duration retry_period = std::chrono::seconds(2);
  bool release_on_cancel = true;
  std::function<void()> on_started_leading;
  std::function<void()> on_stopped_leading;
  std::function<void(const std::string& identity)> on_new_leader;
};

enum class LeaderElectionEnd {
  Stopped,  // stop requested (lease released if we held it)
  Lost,     // could not renew within renew_deadline: exit non-zero
};

// "<hostname>_<random uuid>".
std::string default_identity();

class LeaderElector {
 public:
  // Validates like client-go: lease_duration > renew_deadline >
  // 1.2 * retry_period, all positive, non-empty ns/name/identity.
  static Result<std::unique_ptr<LeaderElector>> create(kube::Client& client, Clock& clock, LeaderElectionConfig cfg);

  // Blocks until `stop` is requested or leadership is lost.
  LeaderElectionEnd run(std::stop_token stop);
  bool is_leader() const;
  // Last observed holder ("" if none/unknown).
  std::string leader() const;
  // One acquire-or-renew attempt; true if we hold the lease afterwards.
  // Used by run(); public for tests.
  bool try_acquire_or_renew();

 private:
  LeaderElector(kube::Client& client, Clock& clock, LeaderElectionConfig cfg);
  bool acquire(std::stop_token stop);
  bool renew(std::stop_token stop);
  void release();
  bool write(const api::Lease& lease, bool create);
  api::Lease desired(const std::optional<api::Lease>& current) const;
  void observe(const api::Lease& lease);
  bool sleep(std::stop_token stop, Clock::duration d);

  kube::Client& client_;
  Clock& clock_;
  LeaderElectionConfig cfg_;
  std::mt19937_64 rng_{std::random_device{}()};

  // Only touched by the run() thread.
  std::optional<api::Lease> lease_;          // last lease read or written
  std::optional<api::LeaseSpec> observed_;   // last record seen
  Clock::time_point observed_time_{};

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool leader_ = false;
  std::string holder_;
};

}  // namespace gpupool::controller
