#!/usr/bin/env bash
# Issue 6 acceptance 7, crash safety: the operator is SIGKILLed at 30 random
# moments (and restarted at once each time) while one GPUPool goes through
# scenarios 1-4 on the simulator's four clouds:
#   1+2. GKE (priority 0) stocked out, a 64-GPU GPUPool applied: GKE fails,
#        its share moves to AKS (8 nodes)
#   4.   scaled to 128 during the stockout: AKS 8 + OKE 8
#   3.   GKE capacity restored: GKE grows to 8, OKE shrinks to 0
#   4.   scaled back to 64: GKE 8, AKS and OKE 0
# (the stockout comes first because capacity 0 only stops growth: a GKE pool
# that already has its 8 nodes would never need to fail over).
# After the last restart the GPUPool must converge (Ready, readyGPUs 64,
# status for the latest generation) and GET /state must hold exactly one pool
# per target, each tagged with our uid and a spec target, none duplicated, none
# for another owner, sized by the Priority rule (GKE 8, leftovers 0 nodes; the
# reconciler resizes a target it no longer needs to 0, it does not delete it),
# and the simulator log must show exactly one accepted create per cloud used.
# The kill delays come from a seed printed at the start: GPUPOOL_CRASH_SEED=N
# replays the schedule (phase timing still depends on the machine).
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/gpupool_lib.sh"

POOL=h100-crash
KILLS=${GPUPOOL_CRASH_KILLS:-30}
SEED=${GPUPOOL_CRASH_SEED:-$RANDOM}
echo "kill schedule seed $SEED (replay with GPUPOOL_CRASH_SEED=$SEED)"
RANDOM=$SEED
START=$SECONDS

start_world --provisioning-seconds 0.4
GKE_REGION=$(jq -r .location "$SIM_DIR/gke/cluster.json" | sed -E 's/-[a-z]$//')

# Short failover durations so the stockout ladder turns over quickly.
multicloud_pool "$POOL" -e 's/initialBackoff: 5m/initialBackoff: 3s/' \
  -e 's/maxBackoff: 30m/maxBackoff: 6s/' -e 's/provisioningTimeout: 20m/provisioningTimeout: 20s/' \
  >"$TEST_TMP/pool.yaml"
grep -q 'provisioningTimeout: 20s' "$TEST_TMP/pool.yaml" || fail "failover durations not rewritten"

# ---- reading our pools from /state ----
POOL_UID=""
# our_pools: our pools (by owner uid tag) as compact JSON lines {provider,target,nodeCount,readyNodes}.
our_pools() {
  admin_get /state | jq -c --arg uid "$POOL_UID" '.pools[] | select(.labels["gpupool-owner-uid"] == $uid)
    | {provider, target: .labels["gpupool-target"], name, nodeCount, readyNodes}'
}
# nodes PROVIDER FIELD: FIELD (nodeCount|readyNodes) of our pool on PROVIDER, "none" without one.
nodes() { our_pools | jq -rs --arg p "$1" --arg f "$2" '[.[] | select(.provider == $p)][0][$f] // "none"'; }
ready_is() { [[ $(nodes "$1" readyNodes) == "$2" ]]; }
size_is() { [[ $(nodes "$1" nodeCount) == "$2" ]]; }

# ---- the scenario phases: each starts with an action and ends at a goal ----
PHASE_NAMES=("" "stockout+create64" "scale128" "restore" "scale64" "converged")
phase_goal() {
  case $1 in
    1) ready_is AKS 8 ;;
    2) ready_is AKS 8 && ready_is OKE 8 ;;
    3) ready_is GKE 8 && size_is OKE 0 ;;
    4) ready_is GKE 8 && size_is AKS 0 && size_is OKE 0 ;;
  esac
}
phase_start() {
  echo "phase $1 (${PHASE_NAMES[$1]}) starts at $((SECONDS - START))s"
  case $1 in
    1) set_capacity GKE "$GKE_REGION" a3-highgpu-8g 0
       apply_yaml "$TEST_TMP/pool.yaml"
       POOL_UID=$(k get gpupool "$POOL" -o jsonpath='{.metadata.uid}')
       [[ -n $POOL_UID ]] || fail "GPUPool $POOL has no uid" ;;
    2) k scale gpupool/"$POOL" --replicas=128 >/dev/null ;;
    3) set_capacity GKE "$GKE_REGION" a3-highgpu-8g null ;;
    4) k scale gpupool/"$POOL" --replicas=64 >/dev/null ;;
  esac
}
PHASE=1
phase_start 1
# advance: moves on to the next phase once the current one reached its goal
# and took its share of the kills (so every phase is crashed into, not only
# the slow first one); after the kills, the goal alone.
MIN_KILLS_PER_PHASE=$((KILLS / 5))
i=0  # the kill loop's counter
declare -A KILLS_IN=()
advance() {
  while ((PHASE <= 4)) && { ((${KILLS_IN[$PHASE]:-0} >= MIN_KILLS_PER_PHASE)) || ((i > KILLS)); } && phase_goal "$PHASE"; do
    PHASE=$((PHASE + 1))
    ((PHASE <= 4)) && phase_start "$PHASE"
  done
  return 0
}

# ---- the killer: SIGKILL at random moments, restart at once ----
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
KILL_LOG=()
for ((i = 1; i <= KILLS; i++)); do
  # 0.5-4 s after the previous start: some kills land before the new
  # operator's first reconcile, most while reconciles and cloud operations
  # are in flight.
  delay=$((500 + RANDOM % 3500))
  until_ms=$(($(now_ms) + delay))
  while (($(now_ms) < until_ms)); do advance; sleep 0.1; done
  kill -KILL "$OP_PID" 2>/dev/null || fail "operator $OP_PID died on its own before kill $i"
  wait "$OP_PID" 2>/dev/null || true
  forget_pid "$OP_PID"
  KILLS_IN[$PHASE]=$((${KILLS_IN[$PHASE]:-0} + 1))
  KILL_LOG+=("$i:${delay}ms:p$PHASE")
  # No metrics/health servers: 30 restarts on free_port's pick-then-bind
  # ports can lose a race with another process (the later flags win).
  start_operator "op-$i" --metrics-bind-address 0 --health-probe-bind-address 0
done
echo "kills (n:delay:phase): ${KILL_LOG[*]}"
for p in 1 2 3 4 5; do echo "  phase $p (${PHASE_NAMES[$p]}): ${KILLS_IN[$p]:-0} kills"; done
pass "$KILLS SIGKILLs done at $((SECONDS - START))s, in phase $PHASE"

# ---- let the last operator finish the remaining phases ----
while ((PHASE <= 4)); do
  (wait_for 120 "phase $PHASE (${PHASE_NAMES[$PHASE]}) goal" phase_goal "$PHASE") \
    || { our_pools >&2; dump_pool "$POOL"; fail "phase $PHASE never reached its goal"; }
  advance
done
status_converged() {
  k get gpupool "$POOL" -o json | jq -e '.status.observedGeneration == .metadata.generation
    and .status.readyGPUs == 64 and .spec.gpus == 64
    and (.status.conditions[] | select(.type == "Ready") | .status) == "True"' >/dev/null
}
(wait_for 90 "GPUPool Ready for 64 GPUs at the latest generation" status_converged) \
  || { our_pools >&2; dump_pool "$POOL"; fail "GPUPool $POOL did not converge after the kills"; }
pass "converged after the kills: Ready=True, readyGPUs 64 ($((SECONDS - START))s)"

# ---- /state: one pool per target, nothing leaked or duplicated ----
all=$(admin_get /state | jq -c '.pools')
echo "final pools: $(jq -c '[.[] | {provider, name, nodeCount, readyNodes, target: .labels["gpupool-target"]}]' <<<"$all")"
strangers=$(jq -c --arg uid "$POOL_UID" '[.[] | select(.labels["gpupool-owner-uid"] != $uid) | .name]' <<<"$all")
assert_eq "pools not tagged with GPUPool uid $POOL_UID" '[]' "$strangers"
untagged=$(jq -c '[.[] | select((.labels["gpupool-owner-name"] // "") == "" or (.labels["gpupool-owner-namespace"] // "") == "" or (.labels["gpupool-target"] // "") == "") | .name]' <<<"$all")
assert_eq "pools missing owner tags" '[]' "$untagged"
dups=$(jq -c 'group_by([.provider, .labels["gpupool-target"]]) | map(select(length > 1) | map(.name)) ' <<<"$all")
assert_eq "duplicate pools per (provider, target)" '[]' "$dups"
per_cloud=$(jq -c 'group_by(.provider) | map(select(length > 1) | map(.name))' <<<"$all")
assert_eq "clouds with more than one pool (each spec target is on its own cloud)" '[]' "$per_cloud"
names=$(jq -c '[group_by(.name)[] | select(length > 1) | .[0].name]' <<<"$all")
assert_eq "pool names used twice" '[]' "$names"
# Each pool's target tag names the spec target of that cloud.
want_target='{"GKE":"gke","AKS":"aks","OKE":"oke","CoreWeave":"coreweave"}'
wrong=$(jq -c --argjson w "$want_target" '[.[] | select(.labels["gpupool-target"] != $w[.provider]) | {provider, target: .labels["gpupool-target"]}]' <<<"$all")
assert_eq "pools whose target tag is not their cloud's spec target" '[]' "$wrong"
pass "every pool is ours, one per target, no duplicates"

# Priority for 64 GPUs: GKE 8 (maxNodes 8 x 8 GPUs); AKS and OKE were used
# and are kept at 0 nodes; CoreWeave was never needed (absent, or 0 if a
# failover reached it).
sizes=$(jq -c '[.[] | {provider, nodeCount, readyNodes}] | sort_by(.provider)' <<<"$all")
cw=$(jq -c '[.[] | select(.provider == "CoreWeave")]' <<<"$all")
want='[{"provider":"AKS","nodeCount":0,"readyNodes":0},{"provider":"GKE","nodeCount":8,"readyNodes":8},{"provider":"OKE","nodeCount":0,"readyNodes":0}]'
if [[ $cw != '[]' ]]; then
  want='[{"provider":"AKS","nodeCount":0,"readyNodes":0},{"provider":"CoreWeave","nodeCount":0,"readyNodes":0},{"provider":"GKE","nodeCount":8,"readyNodes":8},{"provider":"OKE","nodeCount":0,"readyNodes":0}]'
fi
assert_eq "pool sizes for 64 GPUs by Priority" "$want" "$sizes"
assert_eq "status of target gke" "Ready 8" "$(target_field "$POOL" gke state) $(target_field "$POOL" gke readyNodes)"
pass "pool sizes follow Priority: GKE 8 Ready nodes, AKS/OKE left at 0"

# Every create the clouds accepted (GKE answers a second create of the name
# 409, AKS an update 200; an OKE create replayed under the same
# opc-retry-token would count too - it also means the pool was lost track
# of): one per cloud used, so no pool was made and then forgotten or deleted.
creates() { grep -cE "$1" "$TEST_TMP/sim.log" || true; }
gke_c=$(creates 'server=gke method=POST path=/v1/projects/[^ ]*/nodePools(\?[^ ]*)? status=2')
aks_c=$(creates 'server=aks method=PUT path=/[^ ]*/agentPools/[^ /?]*(\?[^ ]*)? status=201')
oke_c=$(creates 'server=oke method=POST path=/20180222/nodePools(\?[^ ]*)? status=2')
cw_c=$(creates 'server=coreweave method=POST path=/[^ ]*/nodepools(\?[^ ]*)? status=2')
echo "successful creates: GKE $gke_c, AKS $aks_c, OKE $oke_c, CoreWeave $cw_c"
assert_eq "GKE creates" 1 "$gke_c"
assert_eq "AKS creates" 1 "$aks_c"
assert_eq "OKE creates" 1 "$oke_c"
((cw_c <= 1)) || fail "CoreWeave created $cw_c pools"
# How many killed runs had cloud calls of their own in flight or done.
busy=0 calls=0
for ((n = 0; n <= KILLS; n++)); do
  log=$TEST_TMP/op-$n.log; ((n == 0)) && log=$TEST_TMP/op.log
  c=$(grep -c '"node-pool call started"' "$log" || true)
  calls=$((calls + c)); ((n < KILLS && c > 0)) && busy=$((busy + 1))
done
echo "node-pool calls over all $((KILLS + 1)) operator runs: $calls; killed runs that had made calls: $busy"
pass "crash safety: $KILLS kills, one pool per target ($((SECONDS - START))s)"
