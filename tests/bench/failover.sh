#!/usr/bin/env bash
# Failover latency of the 4-target 64-GPU example (crds/examples, pointed at
# the simulator; backoff 5s doubling to 10s; nodes ready 0.5 s after a create).
#  - stockout_to_ready_s: GKE (priority 0) is stocked out, the GPUPool is
#    applied; time until Ready=True with AKS holding the 8 nodes.
#  - restore_to_migrated_s: GKE capacity restored while GKE is in Backoff;
#    time until /state has GKE 8/8 ready and AKS 0 nodes, and the pool is
#    Ready. It includes what was left of the backoff (reported too) and the
#    operator's 30 s progressing resync, which usually dominates.
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/gpupool_lib.sh"
source "$GPUPOOL_ROOT/tests/bench/bench_lib.sh"
POOL=h100-bench
start_world

GKE_REGION=$(jq -r .location "$SIM_DIR/gke/cluster.json" | sed -E 's/-[a-z]$//')
GKE_MACHINE=a3-highgpu-8g
set_capacity GKE "$GKE_REGION" "$GKE_MACHINE" 0
multicloud_pool "$POOL" -e 's/initialBackoff: 5m/initialBackoff: 5s/' \
  -e 's/maxBackoff: 30m/maxBackoff: 10s/' -e 's/provisioningTimeout: 20m/provisioningTimeout: 60s/' \
  >"$TEST_TMP/pool.yaml"

t0=$(now_ms)
apply_yaml "$TEST_TMP/pool.yaml"
wait_for 180 "GPUPool Ready on the fallback" pool_ready "$POOL"
result stockout_to_ready_s "$(since_s "$t0")" s
assert_eq "aks readyNodes" 8 "$(target_field "$POOL" aks readyNodes)"

# Restore capacity while GKE is in Backoff (as a real stockout would end).
gke_in_backoff() { [[ $(target_field "$POOL" gke state) == Backoff ]]; }
wait_for 120 "gke in Backoff" gke_in_backoff
until_s=$(date -d "$(target_field "$POOL" gke backoffUntil)" +%s.%N)
t0=$(now_ms)
set_capacity GKE "$GKE_REGION" "$GKE_MACHINE" null
result backoff_left_at_restore_s "$(awk -v u="$until_s" -v t="$t0" 'BEGIN { v = u - t / 1000; printf "%.2f", v < 0 ? 0 : v }')" s

# migrated_back: GKE 8/8 ready and AKS at 0 nodes in /state, pool Ready.
migrated_back() {
  [[ $(state_pools) == '[{"provider":"AKS","nodeCount":0,"readyNodes":0},{"provider":"GKE","nodeCount":8,"readyNodes":8}]' ]] \
    && pool_ready "$POOL"
}
wait_for 240 "migrated back to GKE" migrated_back
result restore_to_migrated_s "$(since_s "$t0")" s
bench_done
