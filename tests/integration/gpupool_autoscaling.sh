#!/usr/bin/env bash
# Cloud autoscaler mode: a GPUPool whose targets say `autoscaling: true`.
#  - GKE, AKS and CoreWeave pools are created with the cloud's own autoscaler
#    bounds (read back from GET /state, which mirrors each cloud's stored
#    GKE nodePool, AKS agentPool and CoreWeave NodePool), not fixed node counts;
#  - the OKE target (OKE has no node-pool autoscaler) gets no pool, state
#    Error, Degraded=True naming AutoscalingUnsupported, and an InvalidTarget
#    Warning Event;
#  - the operator never fights the autoscaler: a node count changed out of
#    band within the bounds (CoreWeave targetNodes via kubectl) survives a
#    forced reconcile with no mutating cloud call (/state write counters)
#    (forced by zeroing status.observedGeneration, which the informer filter
#    treats as "status lags the spec"; no spec change needed).
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/gpupool_lib.sh"
start_world
pass "simulator, operator and four Ready CloudClusters"

NAME=autoscaled
cat >"$TEST_TMP/pool.yaml" <<EOF
apiVersion: gpupool.io/v1alpha1
kind: GPUPool
metadata: {name: $NAME}
spec:
  gpus: 24
  gpuType: H100
  failover: {initialBackoff: 5s, maxBackoff: 20s, provisioningTimeout: 60s}
  targets:
  - {name: gke, cloudClusterRef: gke-sim, machineType: a3-highgpu-8g, gpusPerNode: 8, priority: 0,
     autoscaling: true, minNodes: 1, maxNodes: 3}
  - {name: aks, cloudClusterRef: aks-sim, machineType: Standard_ND96isr_H100_v5, gpusPerNode: 8, priority: 1,
     autoscaling: true, minNodes: 1, maxNodes: 2}
  - {name: oke, cloudClusterRef: oke-sim, machineType: BM.GPU.H100.8, gpusPerNode: 8, priority: 2,
     autoscaling: true, minNodes: 1, maxNodes: 2}
  - {name: coreweave, cloudClusterRef: coreweave-sim, machineType: gd-8xh100ib-i128, gpusPerNode: 8, priority: 3,
     autoscaling: true, minNodes: 1, maxNodes: 4}
EOF
apply_yaml "$TEST_TMP/pool.yaml"

# Each autoscaled pool starts at minNodes (1 x 8 GPUs): 24 GPUs Ready.
if ! (wait_for 150 "GPUPool $NAME Ready" pool_ready "$NAME"); then dump_pool "$NAME"; fail "$NAME not Ready"; fi
pools=$(state_pools)
assert_eq "pools in /state" \
  '[{"provider":"AKS","nodeCount":1,"readyNodes":1},{"provider":"CoreWeave","nodeCount":1,"readyNodes":1},{"provider":"GKE","nodeCount":1,"readyNodes":1}]' \
  "$pools"
pass "one pool of minNodes on GKE, AKS and CoreWeave; none on OKE"

# ---- the bounds, as each cloud stores them ------------------------------------
# GET /state mirrors each cloud's own pool object: GKE nodePool.autoscaling,
# AKS enableAutoScaling/minCount/maxCount, CoreWeave spec.autoscaling/min/maxNodes.
# state_bounds PROVIDER: "autoscaling minNodes maxNodes" of that cloud's one pool.
state_bounds() {
  admin_get /state | jq -r --arg p "$1" \
    '[.pools[] | select(.provider == $p)] | if length == 1 then .[0] | "\(.autoscaling) \(.minNodes) \(.maxNodes)"
                                           else "\(length) pools" end'
}

# cw KUBECTL_ARGS...: kubectl against the simulated CoreWeave (CKS) cluster.
cw() { k --kubeconfig "$SIM_DIR/coreweave/kubeconfig" "$@"; }
cw_pool() { cw get nodepools.compute.coreweave.com -o json | jq -c '.items[0]'; }

assert_eq "GKE autoscaling (enabled min max)" "true 1 3" "$(state_bounds GKE)"
assert_eq "AKS autoscaling (enableAutoScaling minCount maxCount)" "true 1 2" "$(state_bounds AKS)"
assert_eq "CoreWeave autoscaling (autoscaling minNodes maxNodes)" "true 1 4" "$(state_bounds CoreWeave)"
pass "GKE, AKS and CoreWeave pools carry the cloud autoscaler bounds"

# ---- OKE: a clear Invalid reason ---------------------------------------------
assert_eq "OKE target state" "Error" "$(target_field "$NAME" oke state)"
assert_eq "OKE target node pool" "" "$(target_field "$NAME" oke nodePool)"
degraded=$(k get gpupool "$NAME" -o jsonpath='{.status.conditions[?(@.type=="Degraded")].status} {.status.conditions[?(@.type=="Degraded")].message}')
assert_contains "Degraded condition" "$degraded" "True "
assert_contains "Degraded condition" "$degraded" "oke: Error (AutoscalingUnsupported: OKE has no node-pool autoscaler"
oke_event() {
  k get events --field-selector "involvedObject.name=$NAME" -o json \
    | jq -e '[.items[] | select(.type == "Warning" and .reason == "InvalidTarget"
                                and (.message | contains("target oke: AutoscalingUnsupported")))] | length == 1'
}
wait_for 30 "InvalidTarget Warning Event for oke" oke_event
pass "OKE target: Error, Degraded names AutoscalingUnsupported, one InvalidTarget Event"

# ---- never fight the autoscaler ----------------------------------------------
# Stand in for the CKS Cluster Autoscaler: 1 -> 3 nodes, within 1..4.
cw_name=$(cw_pool | jq -r .metadata.name)
cw patch nodepools.compute.coreweave.com "$cw_name" --type=merge -p '{"spec":{"targetNodes":3}}' >/dev/null \
  || fail "patching CoreWeave targetNodes"
cw_nodes() { admin_get /state | jq -e --argjson n "$1" '[.pools[] | select(.provider == "CoreWeave")][0].readyNodes == $n'; }
wait_for 60 "CoreWeave pool at 3 Ready nodes" cw_nodes 3
calls_before=$(grep -c 'node-pool call started' "$TEST_TMP/op.log" || true)
((calls_before >= 3)) || fail "want the three creates in the operator log, found $calls_before calls"
# Mutating cloud calls so far, every cloud and method (the creates and our own kubectl patch).
cloud_writes() { admin_get /state | jq -e '[.writes[][]] | add'; }
writes_before=$(cloud_writes)
((writes_before >= 4)) || fail "want >= 4 cloud writes (3 creates, 1 patch), /state counts: $(admin_get /state | jq -c .writes)"

# Force a reconcile without touching the spec; it is done once observedGeneration is back.
gen=$(k get gpupool "$NAME" -o jsonpath='{.metadata.generation}')
patched=$(k patch gpupool "$NAME" --subresource=status --type=merge -p '{"status":{"observedGeneration":0}}' \
  -o jsonpath='{.status.observedGeneration}') || fail "patching status.observedGeneration"
assert_eq "observedGeneration right after the status patch" "0" "$patched"
observed_is() { [[ $(k get gpupool "$NAME" -o jsonpath='{.status.observedGeneration}') == "$1" ]]; }
wait_for 60 "a reconcile restoring observedGeneration $gen" observed_is "$gen"
wait_for 30 "status.targets[coreweave].desiredNodes 3" bash -c \
  "[[ \$('$KUBECTL' get gpupool $NAME -o json | jq '.status.targets[] | select(.name==\"coreweave\") | .desiredNodes') == 3 ]]"

assert_eq "CoreWeave targetNodes after the reconcile" "3" "$(cw_pool | jq -r .spec.targetNodes)"
assert_eq "CoreWeave bounds after the reconcile" "true 1 4" "$(state_bounds CoreWeave)"
calls_after=$(grep -c 'node-pool call started' "$TEST_TMP/op.log" || true)
assert_eq "node-pool calls made by the forced reconcile" "$calls_before" "$calls_after"
assert_eq "mutating cloud calls made by the forced reconcile" "$writes_before" "$(cloud_writes)"
cw_nodes 3 >/dev/null || fail "CoreWeave pool no longer has 3 Ready nodes: $(state_pools)"
pass "an out-of-band resize within the bounds is left alone (no call, targetNodes stays 3)"
