#pragma once
// The simulated clouds' shared world: what GPU capacity exists, what quota is
// left, how long provisioning takes, which faults to inject, who called, and a
// registry of every simulated node pool for `GET /state`.
//
// Every cloud simulator (sim/gke, sim/aks, sim/oke, sim/coreweave) holds a
// reference to one World and:
//   1. on each API request: `count_request(provider, identity, write_method)` then
//      `take_fault(provider)` (answer with the fault in its own error format);
//   2. before adding nodes: `admit(...)` (Stockout / Quota / Ok);
//   3. whenever a pool changes: `upsert_pool(record)`; when gone: `remove_pool`.
// Capacity and quota usage are derived from the registered pools, so nothing
// leaks when a pool is deleted.
//
// Provider names are the operator's: "GKE", "AKS", "OKE", "CoreWeave".
// Thread-safe: every method locks; callbacks run outside the lock.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "src/common/clock.h"

namespace gpupool::sim::cloud {

// Requests seen from one (provider, identity): the total, and the most seen
// in any sliding 1-second window (so tests can check client rate limits).
struct RequestStats {
  long count = 0;
  int max_per_second = 0;
};

// A fault armed for the next `remaining` API requests of one provider.
struct Fault {
  std::string provider;
  int remaining = 1;
  int status = 500;              // HTTP status to answer
  std::string code;              // cloud error code/status ("RESOURCE_EXHAUSTED", "TooManyRequests")
  std::string message;           // "" = the simulator's default text
  int retry_after_seconds = 0;   // > 0: send Retry-After
  std::optional<std::string> body;  // set: send this raw body instead (malformed-response tests)
};

// One simulated node pool as reported to /state and used for accounting.
struct PoolRecord {
  std::string provider, cluster, id, name;
  std::string region;        // region (GKE location/zone region, AKS location, OKE region...)
  std::string machine_type;
  int node_count = 0;        // nodes that exist or are being created (counts against capacity)
  std::vector<Clock::time_point> ready_at;  // per node: when it is/was ready
  std::map<std::string, std::string> labels;  // cloud labels/tags as stored
  std::map<std::string, int> quota_usage;     // quota key -> units held by this pool
  std::string created_by;    // credential identity that created it
  std::string state;         // the cloud's own word (RUNNING, Succeeded, ACTIVE, ERROR...)
  // The cloud autoscaler's bounds as the cloud stores them (GKE autoscaling,
  // AKS enableAutoScaling/minCount/maxCount, CoreWeave spec.autoscaling);
  // unset when not autoscaled. OKE has no node-pool autoscaler.
  bool autoscaling = false;
  std::optional<int> min_nodes, max_nodes;
};

// The HTTP methods that count as mutating calls ("writes") in /state.
inline const std::vector<std::string>& write_methods() {
  static const std::vector<std::string> methods{"POST", "PUT", "PATCH", "DELETE"};
  return methods;
}
// `method` if it is one of write_methods(), else "": the usual
// `write_method` argument of World::count_request.
inline std::string write_method_of(const std::string& method) {
  for (const auto& m : write_methods())
    if (m == method) return method;
  return "";
}

enum class Admission { Ok, Stockout, Quota };

struct AdmitRequest {
  std::string provider, region, machine_type;
  std::string pool_id;   // pool being resized (its own usage is excluded); "" for a new pool
  std::string cluster;   // with pool_id
  int nodes = 0;         // the pool's new total node count
  std::map<std::string, int> quota_usage;  // quota key -> units the pool would hold
};

struct AdmitResult {
  Admission admission = Admission::Ok;
  std::string quota_key;  // the exceeded key when Quota
  int limit = 0;          // its limit (capacity nodes for Stockout)
  int used = 0;           // units already held by other pools
};

class World {
 public:
  explicit World(Clock& clock = SystemClock::instance());
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  Clock& clock() const { return clock_; }

  // ---- capacity: nodes of (provider, region, machineType); absent = unlimited, 0 = stockout.
  void set_capacity(const std::string& provider, const std::string& region, const std::string& machine_type,
                    std::optional<int> nodes);
  std::optional<int> capacity(const std::string& provider, const std::string& region,
                              const std::string& machine_type) const;

  // ---- quota: limit per (provider, key); the key is the cloud's own (a
  // machine type, a family such as "standardNDSH100v5Family", or a metric
  // such as "NVIDIA_H100_GPUS"); units are whatever the cloud simulator
  // charges for that key. Absent = unlimited.
  void set_quota(const std::string& provider, const std::string& key, std::optional<int> limit);
  std::optional<int> quota(const std::string& provider, const std::string& key) const;

  // Would this pool fit? Checks capacity, then each quota key.
  AdmitResult admit(const AdmitRequest& req) const;

  // ---- provisioning time: how long nodes take to become ready (default 2 s).
  void set_provisioning_time(Clock::duration d);
  Clock::duration provisioning_time() const;
  // Staggered ready times for `n` new nodes starting now: node i is ready at
  // now + provisioning_time * (i+1) / n.
  std::vector<Clock::time_point> ready_schedule(int n) const;

  // ---- faults
  void add_fault(Fault f);
  // Consumes one armed fault of `provider`, oldest first.
  std::optional<Fault> take_fault(const std::string& provider);
  void clear_faults(const std::string& provider = "");
  // Armed faults not yet consumed, oldest first (for /state).
  std::vector<Fault> faults() const;

  // ---- request counters
  // Counts a request at clock().now() and updates that key's 1-second peak:
  // two requests share a window when less than 1 s apart.
  // `write_method`: the request's HTTP method when it asks the cloud to change
  // something (counted per provider and method, so tests can prove "no
  // mutating call"); "" for reads, POSTs that only read (GKE's
  // listManagedInstances) and token endpoints.
  void count_request(const std::string& provider, const std::string& identity, const std::string& write_method = "");
  long requests(const std::string& provider) const;
  long requests(const std::string& provider, const std::string& identity) const;
  // (provider, identity) -> count, for /state.
  std::map<std::pair<std::string, std::string>, long> request_counts() const;
  // (provider, identity) -> count and 1-second peak, for /state.
  std::map<std::pair<std::string, std::string>, RequestStats> request_stats() const;
  // provider -> method -> mutating requests counted so far (only what was seen).
  std::map<std::string, std::map<std::string, long>> writes() const;

  // ---- pool registry
  void upsert_pool(PoolRecord record);
  void remove_pool(const std::string& provider, const std::string& cluster, const std::string& id);
  std::vector<PoolRecord> pools(const std::string& provider = "") const;
  // Ready nodes of a record at the current time.
  int ready_nodes(const PoolRecord& r) const;
  // Called after each upsert/remove (removed = true) with the record.
  using PoolListener = std::function<void(const PoolRecord&, bool removed)>;
  void on_pool_change(PoolListener listener);

  // Drops capacity, quota, faults and counters (with their peaks and writes);
  // provisioning back to 2 s.
  // Pools stay (they mirror each simulator's own state).
  void reset();

 private:
  struct State;
  Clock& clock_;
  mutable std::mutex mu_;
  std::unique_ptr<State> s_;
};

}  // namespace gpupool::sim::cloud
