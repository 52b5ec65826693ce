#!/usr/bin/env bash
# Real Apply at small scale: BENCH_APPLY_POOLS (default 5) copies of the
# 4-target example, 8 GPUs each (one GKE node), applied together to a running
# operator with the simulator's four CloudClusters Ready. Measures the time
# until every pool is Ready=True and /state holds one ready GKE node pool per
# GPUPool: finalizer, cloud create, operation polling and status writes per
# pool, under the CloudClusters' request rate limits (default 5 req/s). All
# pools share one GKE cluster, so this also shows how the cost of observing
# that cluster grows with the number of node pools in it (see BENCHMARKS.md).
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/gpupool_lib.sh"
source "$GPUPOOL_ROOT/tests/bench/bench_lib.sh"
N=${BENCH_APPLY_POOLS:-5}
start_world

for i in $(seq 1 "$N"); do
  echo ---
  multicloud_pool "apply-$i" -e 's/^  gpus: 64$/  gpus: 8/'
done >"$TEST_TMP/pools.yaml"
grep -q '^  gpus: 8$' "$TEST_TMP/pools.yaml" || fail "gpus not rewritten"

ready_count() {
  k get gpupools -o json | jq '[.items[] | select(any(.status.conditions[]?; .type == "Ready" and .status == "True"))] | length'
}
gke_ready_pools() { admin_get /state | jq '[.pools[] | select(.provider == "GKE" and .readyNodes == 1)] | length'; }
all_ready() { [[ $(ready_count) == "$N" && $(gke_ready_pools) == "$N" ]]; }

t0=$(now_ms)
apply_yaml "$TEST_TMP/pools.yaml"
result apply_seconds "$(since_s "$t0")" s
wait_for 900 "all $N GPUPools Ready" all_ready
result all_ready_s "$(since_s "$t0")" s
result pools "$N" pools
result rss_after_ready "$(rss_mb "$OP_PID")" MB
bench_done
