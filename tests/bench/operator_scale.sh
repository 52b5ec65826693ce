#!/usr/bin/env bash
# Operator at scale: BENCH_POOLS GPUPools (default 10000), 4 targets each,
# exist in the simulator before the operator starts. Measures how long
# creating them takes, the operator's cache sync (its "caches synced" log
# line), RSS after sync and after every pool has status.observedGeneration,
# and the time until all pools have status. The pools are `paused: true`: a
# reconcile is then exactly one status merge-patch and no cloud call, so the
# throughput measured is the operator's own pipeline (informer, workqueue,
# status writer) under its client-side rate limit, not simulated cloud
# latency. Run once per client setting in BENCH_QPS (default "20 200"; 20 is
# the operator's default --kube-api-qps, burst = 1.5 x qps).
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/bench/bench_lib.sh"
N=${BENCH_POOLS:-10000}
QPS_LIST=${BENCH_QPS:-"20 200"}
PAR=${BENCH_CREATE_PARALLEL:-8}
API=/apis/gpupool.io/v1alpha1/namespaces/default/gpupools

start_sim "$TEST_TMP/sim" --log-level warn
install_crds

create_paused_pools "$N" "$PAR"
result create_pools "$N" pools

# with_status: number of pools whose status.observedGeneration is set (one LIST).
with_status() {
  [[ $(kapi GET "$API") == 200 ]] || return 1
  jq '[.items[] | select(.status.observedGeneration != null)] | length' "$TEST_TMP/body"
}

# run_operator QPS: one operator run from an empty status to all pools written.
run_operator() {
  local qps=$1 burst=$(($1 * 3 / 2)) log t0 synced_at count
  log="$TEST_TMP/op-qps$qps.log"
  t0=$(now_ms)
  start_operator "op-qps$qps" --kube-api-qps "$qps" --kube-api-burst "$burst"
  wait_for 300 "caches synced (qps $qps)" grep -q '"caches synced"' "$log"
  synced_at=$(since_s "$t0")
  result "qps${qps}_caches_synced_ms" "$(log_field "$log" "caches synced" durationMs)" ms
  result "qps${qps}_start_to_synced" "$synced_at" s
  result "qps${qps}_rss_after_sync" "$(rss_mb "$OP_PID")" MB
  # Poll every 2 s (a LIST of N pools is not free); the time is that of the
  # first poll that saw all N.
  local deadline=$((SECONDS + ${BENCH_TIMEOUT:-1800})) all
  until count=$(with_status) && ((count == N)); do
    kill -0 "$OP_PID" || fail "operator exited"
    ((SECONDS < deadline)) || fail "only ${count:-?} of $N pools have status after ${BENCH_TIMEOUT:-1800}s"
    sleep 2
  done
  all=$(since_s "$t0")
  result "qps${qps}_all_status" "$all" s
  result "qps${qps}_status_per_second" "$(awk -v n="$N" -v t="$all" -v s="$synced_at" 'BEGIN { printf "%.0f", n / (t - s) }')" pools/s
  result "qps${qps}_rss_after_status" "$(rss_mb "$OP_PID")" MB
  result "qps${qps}_rss_peak" "$(peak_rss_mb "$OP_PID")" MB
  stop_bg "$OP_PID"
}

# clear_status: strips every pool's status (one subresource PATCH each, in
# parallel) so the next operator run starts from scratch.
clear_status() {
  for i in $(seq 1 "$N"); do
    curl_transfer PATCH "$API/pool-$i/status" '{"status":null}' application/merge-patch+json
  done >"$TEST_TMP/clear.curl"
  curl_batch "$TEST_TMP/clear.curl" "$PAR" >/dev/null
  assert_eq "pools with status after clearing" 0 "$(with_status)"
}

first=1
for qps in $QPS_LIST; do
  ((first)) || clear_status
  first=0
  run_operator "$qps"
done
bench_done
