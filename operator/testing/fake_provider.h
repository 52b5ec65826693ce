#pragma once
// FakeProvider: an in-memory NodePoolProvider that behaves like a small cloud.
//
// Behaviour: create() adds a pool (desired = node_count, no nodes yet) and
// returns an operation; resize()/set_autoscaling() change the pool's desired
// size/bounds; remove() marks it DELETING. Operations finish on the
// `polls_to_finish`-th poll (0: at once, returned done): a finished create or
// resize brings current and Ready nodes to the desired count (unless
// `auto_ready` is false), a finished remove drops the pool. Pools carry the
// owner given at create (tags stored verbatim; pick "AKS" as provider name so
// sanitization is the identity).
//
// Knobs: fail_next(verb, error) makes the next call of a verb ("list", "get",
// "create", "resize", "autoscaling", "remove", "poll") fail at once;
// fail_op(kind, error) makes the next operation of that kind finish with
// `error` (a failed create leaves no pool). Every call is logged in calls()
// as "<verb> <pool or op>". Thread-safe.
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cloud/provider.h"

namespace gpupool::testing {

class FakeProvider final : public cloud::NodePoolProvider {
 public:
  explicit FakeProvider(std::string provider = "AKS") : provider_(std::move(provider)) {}

  std::string_view provider() const override { return provider_; }
  Result<std::vector<cloud::NodePool>> list() override;
  Result<cloud::NodePool> get(const std::string& id) override;
  Result<cloud::Operation> create(const cloud::NodePoolSpec& spec) override;
  Result<cloud::Operation> resize(const cloud::NodePool& pool, int nodes) override;
  Result<cloud::Operation> set_autoscaling(const cloud::NodePool& pool, bool enabled, int min_nodes,
                                           int max_nodes) override;
  Result<cloud::Operation> remove(const cloud::NodePool& pool) override;
  Result<cloud::OperationStatus> poll(const cloud::Operation& op) override;

  // --- knobs -------------------------------------------------------------------
  void set_polls_to_finish(int n);
  void set_auto_ready(bool on);
  void fail_next(const std::string& verb, Error e, int times = 1);
  void fail_op(const std::string& kind, Error e);
  void add_pool(cloud::NodePool p);  // seeds a pool (no call logged)
  void set_ready(const std::string& id, int ready);

  // --- inspection --------------------------------------------------------------
  std::vector<cloud::NodePool> pools() const;
  std::vector<std::string> calls() const;
  int count(const std::string& verb) const;
  int mutations() const;  // create + resize + autoscaling + remove calls

 private:
  struct Op {
    cloud::Operation op;
    int polls_left = 0;
    std::optional<Error> error;
  };
  std::optional<Error> take_error_locked(const std::string& verb, const std::string& what);
  Result<cloud::Operation> start_locked(const std::string& kind, const std::string& pool_id);
  void finish_locked(Op& op);

  std::string provider_;
  mutable std::mutex mu_;
  std::map<std::string, cloud::NodePool> pools_;  // by id
  std::map<std::string, Op> ops_;
  std::map<std::string, std::deque<Error>> next_errors_;
  std::map<std::string, std::deque<Error>> op_errors_;
  std::vector<std::string> calls_;
  int polls_to_finish_ = 1;
  bool auto_ready_ = true;
  int seq_ = 0;
};

}  // namespace gpupool::testing
