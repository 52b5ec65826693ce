#include <doctest/doctest.h>

#include "metrics/gpupool_metrics.h"
#include "metrics/metrics.h"

using namespace gpupool::metrics;

namespace {
bool has_line(const std::string& text, const std::string& line) { return text.find("\n" + line + "\n") != std::string::npos; }

PoolSample sample(const std::string& name, int ready_gke, const std::string& gke_state) {
  PoolSample s{"ml", name, 64, ready_gke, {}};
  s.targets.push_back({"GKE", gke_state, 8, ready_gke});
  s.targets.push_back({"AKS", "Ready", 0, 0});
  return s;
}
}  // namespace

TEST_CASE("GPUPool series: per-pool gauges and per-provider sums follow the latest sample") {
  Metrics m;
  m.gpupools().record(sample("a", 32, "Provisioning"));
  m.gpupools().record(sample("b", 64, "Ready"));
  m.gpupools().record(sample("a", 64, "Ready"));  // replaces a's first sample
  const std::string text = m.scrape();
  CHECK(has_line(text, R"(gpupool_desired_gpus{name="a",namespace="ml"} 64)"));
  CHECK(has_line(text, R"(gpupool_ready_gpus{name="a",namespace="ml"} 64)"));
  CHECK(has_line(text, R"(gpupool_targets{provider="GKE",state="Ready"} 2)"));
  CHECK(has_line(text, R"(gpupool_targets{provider="GKE",state="Provisioning"} 0)"));
  CHECK(has_line(text, R"(gpupool_target_nodes{provider="GKE"} 16)"));
  CHECK(has_line(text, R"(gpupool_target_ready_gpus{provider="GKE"} 128)"));
}

TEST_CASE("GPUPool series: forgetting a pool removes its series and its share") {
  Metrics m;
  m.gpupools().record(sample("a", 64, "Ready"));
  m.gpupools().record(sample("b", 16, "Backoff"));
  m.gpupools().forget("ml", "a");
  m.gpupools().forget("ml", "never-recorded");  // harmless
  const std::string text = m.scrape();
  CHECK(text.find(R"(gpupool_ready_gpus{name="a")") == std::string::npos);
  CHECK(has_line(text, R"(gpupool_ready_gpus{name="b",namespace="ml"} 16)"));
  CHECK(has_line(text, R"(gpupool_targets{provider="GKE",state="Ready"} 0)"));
  CHECK(has_line(text, R"(gpupool_targets{provider="GKE",state="Backoff"} 1)"));
  CHECK(has_line(text, R"(gpupool_target_nodes{provider="GKE"} 8)"));
}

TEST_CASE("GPUPool counters: changes and failovers by provider") {
  Metrics m;
  m.gpupools().count_change("GKE", "Create");
  m.gpupools().count_change("GKE", "Create");
  m.gpupools().count_change("AKS", "Resize");
  m.gpupools().count_failover("GKE");
  const std::string text = m.scrape();
  CHECK(has_line(text, R"(gpupool_nodepool_changes_total{action="Create",provider="GKE"} 2)"));
  CHECK(has_line(text, R"(gpupool_nodepool_changes_total{action="Resize",provider="AKS"} 1)"));
  CHECK(has_line(text, R"(gpupool_failovers_total{provider="GKE"} 1)"));
}
