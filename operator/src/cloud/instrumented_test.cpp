#include "cloud/instrumented.h"

#include <doctest/doctest.h>

#include <vector>

#include "testing/fake_clock.h"

using namespace gpupool;
using namespace gpupool::cloud;

namespace {
// Minimal in-file provider: get fails NotFound, everything else succeeds.
class StubProvider final : public NodePoolProvider {
 public:
  std::string_view provider() const override { return "GKE"; }
  Result<std::vector<NodePool>> list() override { return std::vector<NodePool>{}; }
  Result<NodePool> get(const std::string&) override { return Error(ErrorCode::NotFound, "gone"); }
  Result<Operation> create(const NodePoolSpec&) override { return Operation{"op", "create", "p", false}; }
  Result<Operation> resize(const NodePool&, int) override { return Operation{}; }
  Result<Operation> set_autoscaling(const NodePool&, bool, int, int) override { return Operation{}; }
  Result<Operation> remove(const NodePool&) override { return Operation{}; }
  Result<OperationStatus> poll(const Operation&) override { return OperationStatus{true, {}}; }
};

struct Recorder final : CallObserver {
  std::vector<std::tuple<std::string, std::string, std::string>> calls;
  void observe(const CallRecord& c) override {
    calls.emplace_back(std::string(c.provider), std::string(c.operation), std::string(c.outcome));
  }
};
}  // namespace

TEST_CASE("instrumented provider records operation and outcome") {
  testing::FakeClock clock;
  Recorder rec;
  InstrumentedProvider p(std::make_shared<StubProvider>(), rec, clock);
  CHECK(p.list());
  CHECK_FALSE(p.get("x"));
  CHECK(p.create({}));
  REQUIRE(rec.calls.size() == 3);
  CHECK(rec.calls[0] == std::tuple<std::string, std::string, std::string>{"GKE", "list", "ok"});
  CHECK(std::get<1>(rec.calls[1]) == "get");
  CHECK(std::get<2>(rec.calls[1]) == std::string(to_string(ErrorCode::NotFound)));
  CHECK(std::get<1>(rec.calls[2]) == "create");
}
