#!/usr/bin/env bash
# Scenario 8 (issue 6): drift and ownership, with out-of-band changes made by
# the real kubectl against the simulated CoreWeave (CKS) API server.
#  1. A GPUPool of 16 H100 on coreweave-sim gets one NodePool of 2 nodes; an
#     out-of-band `kubectl patch` to targetNodes 1 is resized back to 2 (same
#     NodePool, not a new one).
#  2. An out-of-band `kubectl delete` of that NodePool is repaired: a NodePool
#     with our owner labels appears again with 2 nodes ready.
#  3. A NodePool with the name the operator would pick for a second GPUPool,
#     created by hand without our labels before that GPUPool: the target
#     reports NameConflict (state Error, lastError, a Warning Event) and the
#     foreign NodePool keeps its spec, labels and resourceVersion.
#  4. Deleting the first GPUPool with deletionPolicy Retain leaves its NodePool
#     and a Warning Event OrphanedNodePool on CloudCluster coreweave-sim names
#     the pool and the GPUPool's uid.
# Resync: drift is repaired on the steady resync (5 minutes by default); the
# operator runs with --steady-resync 10s so the repairs come from that timer.
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/gpupool_lib.sh"
OPERATOR_ARGS=(--steady-resync 10s)
start_world
pass "simulator, operator and the four CloudClusters Ready (${SECONDS}s)"

# cw ARGS...: kubectl against the simulated CKS cluster.
cw() { k --kubeconfig "$SIM_DIR/coreweave/kubeconfig" "$@"; }
cw get nodepools >/dev/null 2>"$TEST_TMP/cw.err" || fail "kubectl get nodepools on CKS: $(cat "$TEST_TMP/cw.err")"

# coreweave_pool NAME POLICY: a GPUPool of 16 H100 (2 nodes of 8) on coreweave-sim.
coreweave_pool() {
  cat <<EOF
apiVersion: gpupool.io/v1alpha1
kind: GPUPool
metadata: {name: $1}
spec:
  gpus: 16
  gpuType: H100
  strategy: Priority
  deletionPolicy: $2
  failover: {initialBackoff: 5s, maxBackoff: 20s, provisioningTimeout: 2m}
  targets:
  - {name: coreweave, cloudClusterRef: coreweave-sim, machineType: gd-8xh100ib-i128, gpusPerNode: 8, priority: 0}
EOF
}

# poke: a CloudCluster change wakes every GPUPool using it (app/controllers.h):
# one more reconcile now.
poke() { k annotate cloudcluster coreweave-sim --overwrite "test.gpupool.io/poke=$RANDOM$RANDOM" >/dev/null; }

# np_field NAME JQ: a field of CKS NodePool NAME ("" when absent).
np_field() { cw get nodepool "$1" -o json 2>/dev/null | jq -r "$2 // \"\""; }
np_gone() { ! cw get nodepool "$1" >/dev/null 2>&1; }
# owned_nodepools UID: names of the CKS NodePools labelled for GPUPool UID.
owned_nodepools() { cw get nodepools -l "gpupool-owner-uid=$1" -o json | jq -r '[.items[].metadata.name] | join(",")'; }
# pool_at NAME NODES: the NodePool wants NODES, the cloud has them ready and the GPUPool is Ready.
pool_at() {
  [[ $(np_field "$1" .spec.targetNodes) == "$2" ]] || return 1
  [[ $(admin_get /state | jq --arg n "$1" '[.pools[] | select(.name == $n) | .readyNodes] | add // 0') == "$2" ]] || return 1
  pool_ready drift
}

# ---- 1. out-of-band resize ---------------------------------------------------
coreweave_pool drift Retain >"$TEST_TMP/drift.yaml"
apply_yaml "$TEST_TMP/drift.yaml"
(wait_for 120 "GPUPool drift Ready" pool_ready drift) || { dump_pool drift; fail "drift not Ready"; }
UID_DRIFT=$(k get gpupool drift -o jsonpath='{.metadata.uid}')
NP=$(target_field drift coreweave nodePool)
[[ -n $NP ]] || { dump_pool drift; fail "status.targets[coreweave].nodePool is empty"; }
assert_eq "NodePools labelled for drift" "$NP" "$(owned_nodepools "$UID_DRIFT")"
wait_for 60 "NodePool $NP at 2 nodes" pool_at "$NP" 2
NP_UID=$(np_field "$NP" .metadata.uid)
pass "GPUPool drift Ready on one CKS NodePool $NP of 2 nodes (${SECONDS}s)"

patched=$(cw patch nodepool "$NP" --type merge -p '{"spec":{"targetNodes":1}}' -o json) || fail "kubectl patch $NP"
assert_eq "targetNodes after the out-of-band patch" 1 "$(jq -r .spec.targetNodes <<<"$patched")"
(wait_for 90 "NodePool $NP restored to 2 nodes" pool_at "$NP" 2) || { dump_pool drift; fail "resize not repaired"; }
assert_eq "NodePool uid after the resize repair (resized, not recreated)" "$NP_UID" "$(np_field "$NP" .metadata.uid)"
assert_eq "NodePools labelled for drift" "$NP" "$(owned_nodepools "$UID_DRIFT")"
pass "out-of-band resize to 1 node restored to 2 on the same NodePool (${SECONDS}s)"

# ---- 2. out-of-band delete ---------------------------------------------------
cw delete nodepool "$NP" --timeout=60s >/dev/null 2>"$TEST_TMP/cw.err" || fail "kubectl delete $NP: $(cat "$TEST_TMP/cw.err")"
np_gone "$NP" || fail "NodePool $NP still there after kubectl delete"
new_pool() { [[ -n $(np_field "$NP" .metadata.uid) && $(np_field "$NP" .metadata.uid) != "$NP_UID" ]]; }
(wait_for 90 "a new NodePool $NP" new_pool) || { dump_pool drift; fail "deleted NodePool not recreated"; }
(wait_for 120 "new NodePool $NP at 2 nodes" pool_at "$NP" 2) || { dump_pool drift; fail "recreated pool not Ready"; }
assert_eq "NodePools labelled for drift" "$NP" "$(owned_nodepools "$UID_DRIFT")"
assert_eq "owner target label" coreweave "$(np_field "$NP" '.metadata.labels["gpupool-target"]')"
assert_eq "owner name label" drift "$(np_field "$NP" '.metadata.labels["gpupool-owner-name"]')"
pass "out-of-band delete repaired: NodePool $NP recreated with our labels, 2 nodes ready (${SECONDS}s)"

# ---- 3. a same-named NodePool that is not ours --------------------------------
# The operator's deterministic CoreWeave name (cloud/ownership.cpp pool_name):
# gp-<name>-<target>-<first 8 hex of FNV-1a 64 of "ns/name/target">.
FOREIGN=$(python3 -c '
h = 1469598103934665603
for c in b"default/conflict/coreweave":
    h = ((h ^ c) * 1099511628211) % 2**64
print("gp-conflict-coreweave-%016x" % h)' | cut -c1-30)
cw apply -f - >"$TEST_TMP/foreign.out" 2>&1 <<EOF || fail "create foreign NodePool: $(cat "$TEST_TMP/foreign.out")"
apiVersion: compute.coreweave.com/v1alpha1
kind: NodePool
metadata: {name: $FOREIGN, labels: {team: someone-else}}
spec: {computeClass: default, instanceType: gd-8xh100ib-i128, targetNodes: 1, autoscaling: false}
EOF
# Let the CKS controller finish with it, so its resourceVersion settles.
foreign_settled() {
  [[ $(np_field "$FOREIGN" '.status.conditions[]? | select(.type == "AtTarget") | .status') == True ]]
}
wait_for 60 "foreign NodePool $FOREIGN ready" foreign_settled
before=$(cw get nodepool "$FOREIGN" -o json | jq -c '{rv: .metadata.resourceVersion, labels: .metadata.labels, spec}')

coreweave_pool conflict Delete >"$TEST_TMP/conflict.yaml"
apply_yaml "$TEST_TMP/conflict.yaml"
conflict_reported() { [[ $(target_field conflict coreweave state) == Error ]]; }
(wait_for 90 "target conflict/coreweave state Error" conflict_reported) || { dump_pool conflict; fail "no NameConflict"; }
err=$(k get gpupool conflict -o json | jq -c '.status.targets[] | select(.name == "coreweave") | .lastError')
assert_eq "lastError.reason" NameConflict "$(jq -r .reason <<<"$err")"
assert_contains "lastError.message" "$(jq -r .message <<<"$err")" "node pool $FOREIGN exists without our owner tags"
# conflict_events: "reason: message" of the Warning Events on GPUPool conflict naming the foreign pool.
conflict_events() {
  pool_events conflict | jq -r --arg f "$FOREIGN" \
    'select(.type == "Warning" and .reason == "NameConflict" and (.message | contains($f))) | "\(.reason): \(.message)"'
}
conflict_event() { [[ -n $(conflict_events) ]]; }
(wait_for 30 "a Warning Event on GPUPool conflict naming $FOREIGN" conflict_event) \
  || { k get events >&2; fail "no Warning Event for the NameConflict"; }
# Another reconcile must not touch it either.
poke
wait_for 30 "the conflict still reported after another reconcile" conflict_reported
after=$(cw get nodepool "$FOREIGN" -o json | jq -c '{rv: .metadata.resourceVersion, labels: .metadata.labels, spec}')
assert_eq "foreign NodePool (resourceVersion, labels, spec)" "$before" "$after"
[[ -z $(cw get nodepools -l "gpupool-owner-name=conflict" -o name) ]] || fail "a NodePool was created for GPUPool conflict"
echo "   event: $(conflict_events | head -n1)"
pass "same-named unowned NodePool left untouched; target reports NameConflict with a Warning Event (${SECONDS}s)"

# ---- 4. orphan report --------------------------------------------------------
k delete gpupool drift --timeout=60s >/dev/null || fail "kubectl delete gpupool drift"
orphan_event() {
  k get events -o json | jq -e --arg np "$NP" --arg uid "$UID_DRIFT" '[.items[] | select(
    .involvedObject.kind == "CloudCluster" and .involvedObject.name == "coreweave-sim" and .type == "Warning"
    and .reason == "OrphanedNodePool" and (.message | contains($np)) and (.message | contains($uid)))] | length > 0'
}
(wait_for 60 "OrphanedNodePool Event on CloudCluster coreweave-sim" orphan_event) \
  || { k get events >&2; fail "no OrphanedNodePool Event for $NP"; }
msg=$(k get events -o json | jq -r '[.items[] | select(.reason == "OrphanedNodePool")][0].message')
assert_contains "orphan Event message" "$msg" "GPUPool default/drift"
assert_contains "orphan Event message" "$msg" "not deleted"
assert_eq "retained NodePool $NP still wants" 2 "$(np_field "$NP" .spec.targetNodes)"
np_gone "$NP" && fail "retained NodePool $NP was deleted"
pass "GPUPool deleted with Retain: $NP kept and reported as orphaned on coreweave-sim (${SECONDS}s)"
