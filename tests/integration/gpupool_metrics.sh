#!/usr/bin/env bash
# The operator's /metrics as Prometheus sees it: a GPUPool of 16 H100 on GKE
# gets Ready, then
#  - `promtool check metrics` accepts the exposition (names, types, help);
#  - the GPUPool series carry the real numbers (desired/ready GPUs, the
#    Create the cloud accepted, per-provider Ready GPUs);
#  - a real Prometheus server scrapes the endpoint and answers a PromQL query
#    with the GPUPool's ready GPUs;
#  - deleting the GPUPool removes its per-pool series.
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/gpupool_lib.sh"
command -v promtool >/dev/null || fail "promtool missing (scripts/setup installs Debian's prometheus)"
command -v prometheus >/dev/null || fail "prometheus missing (scripts/setup installs Debian's prometheus)"

start_world
cat >"$TEST_TMP/pool.yaml" <<EOF
apiVersion: gpupool.io/v1alpha1
kind: GPUPool
metadata: {name: metered}
spec:
  gpus: 16
  gpuType: H100
  targets:
  - {name: gke, cloudClusterRef: gke-sim, machineType: a3-highgpu-8g, priority: 0}
EOF
apply_yaml "$TEST_TMP/pool.yaml"
(wait_for 90 "GPUPool metered Ready" pool_ready metered) || { dump_pool metered; fail "GPUPool metered not Ready"; }

scrape() { curl -sS -f "http://127.0.0.1:$OP_METRICS_PORT/metrics"; }
# series_value LINE_PREFIX: the value of the sample line starting with it ("" if absent).
series_value() { scrape | awk -v p="$1" 'index($0, p) == 1 { print $NF; exit }'; }
ready_series() { [[ $(series_value 'gpupool_ready_gpus{name="metered",namespace="default"}') == 16 ]]; }
wait_for 30 "gpupool_ready_gpus 16 on /metrics" ready_series

scrape >"$TEST_TMP/metrics.txt"
promtool check metrics <"$TEST_TMP/metrics.txt" >"$TEST_TMP/promtool.out" 2>&1 \
  || fail "promtool check metrics: $(head -n 20 "$TEST_TMP/promtool.out")"
pass "promtool accepts /metrics ($(grep -c -v '^#' "$TEST_TMP/metrics.txt") samples)"

assert_eq "gpupool_desired_gpus" 16 "$(series_value 'gpupool_desired_gpus{name="metered",namespace="default"}')"
assert_eq "gpupool_target_ready_gpus GKE" 16 "$(series_value 'gpupool_target_ready_gpus{provider="GKE"}')"
assert_eq "gpupool_targets GKE Ready" 1 "$(series_value 'gpupool_targets{provider="GKE",state="Ready"}')"
assert_eq "Create calls GKE accepted" 1 "$(series_value 'gpupool_nodepool_changes_total{action="Create",provider="GKE"}')"
[[ -n $(series_value 'gpupool_cloud_requests_total{operation="create",outcome="ok",provider="GKE"}') ]] \
  || fail "no gpupool_cloud_requests_total for GKE create: $(grep gpupool_cloud_requests_total "$TEST_TMP/metrics.txt")"
pass "GPUPool series: desired 16, ready 16, one GKE create"

# A real Prometheus scraping the operator every second.
PROM_PORT=$(free_port)
cat >"$TEST_TMP/prometheus.yml" <<EOF
global: {scrape_interval: 1s}
scrape_configs:
- job_name: gpupool-operator
  static_configs: [{targets: ["127.0.0.1:$OP_METRICS_PORT"]}]
EOF
promtool check config "$TEST_TMP/prometheus.yml" >"$TEST_TMP/promtool-config.out" 2>&1 \
  || fail "promtool check config: $(cat "$TEST_TMP/promtool-config.out")"
start_bg "$TEST_TMP/prometheus.log" prometheus --config.file="$TEST_TMP/prometheus.yml" --storage.tsdb.path="$TEST_TMP/tsdb" \
  --web.listen-address="127.0.0.1:$PROM_PORT"
promql() { curl -sS -f -G "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$1"; }
prom_sees() { [[ $(promql 'gpupool_ready_gpus{name="metered"}' | jq -r '.data.result[0].value[1] // ""') == 16 ]]; }
(wait_for 60 "Prometheus query gpupool_ready_gpus = 16" prom_sees) \
  || fail "Prometheus never saw gpupool_ready_gpus: $(promql 'up' || true)"
assert_eq "Prometheus target health" 1 "$(promql 'up{job="gpupool-operator"}' | jq -r '.data.result[0].value[1]')"
pass "Prometheus scrapes the operator and answers gpupool_ready_gpus{name=\"metered\"} = 16"

k delete gpupool metered --wait=true --timeout=90s >/dev/null
series_gone() { [[ -z $(series_value 'gpupool_ready_gpus{name="metered"') ]]; }
wait_for 30 "per-pool series removed after delete" series_gone
pass "deleting the GPUPool removes its series"
