#!/usr/bin/env bash
# Bad input (issue 6 "Bad input"): three broken GPUPools applied together
# with a good one.
#   bad-cluster: its target's cloudClusterRef names a CloudCluster that does not exist
#   bad-machine: an unknown machineType without gpusPerNode
#   bad-oke:     an OKE target with nodeTemplate taints (OKE node pools have none)
# Each must end Ready=False, Degraded=True with a message naming the cause,
# and get a Warning Event naming it; no pool is made for any of them; the
# good GPUPool still gets Ready with its 2 GKE nodes; the operator survives.
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/gpupool_lib.sh"
start_world

# gpupool NAME TARGET_YAML [NODE_TEMPLATE_YAML]: a 16-GPU H100 GPUPool with one target.
gpupool() {
  cat <<EOF
---
apiVersion: gpupool.io/v1alpha1
kind: GPUPool
metadata: {name: $1}
spec:
  gpus: 16
  gpuType: H100
  failover: {initialBackoff: 5s, maxBackoff: 20s, provisioningTimeout: 2m}
  ${3:-}
  targets:
  - $2
EOF
}
{
  gpupool bad-cluster '{name: gke, cloudClusterRef: no-such-cluster, machineType: a3-highgpu-8g, gpusPerNode: 8}'
  gpupool bad-machine '{name: gke, cloudClusterRef: gke-sim, machineType: a9-mystery-8g}'
  gpupool bad-oke '{name: oke, cloudClusterRef: oke-sim, machineType: BM.GPU.H100.8}' \
    'nodeTemplate: {taints: [{key: nvidia.com/gpu, value: present, effect: NoSchedule}]}'
  gpupool good '{name: gke, cloudClusterRef: gke-sim, machineType: a3-highgpu-8g}'
} >"$TEST_TMP/pools.yaml"
apply_yaml "$TEST_TMP/pools.yaml"

if ! (wait_for 150 "good GPUPool Ready" pool_ready good); then dump_pool good; fail "good GPUPool not Ready"; fi
assert_eq "pools in the clouds" '[{"provider":"GKE","nodeCount":2,"readyNodes":2}]' "$(state_pools)"
assert_eq "good readyGPUs" 16 "$(k get gpupool good -o jsonpath='{.status.readyGPUs}')"
pass "the good GPUPool is Ready on 2 GKE nodes; no pool for the bad ones"

# reported NAME CAUSE: NAME is Ready=False, Degraded=True naming CAUSE, and
# has a Warning Event naming CAUSE.
reported() {
  pool_cond_is "$1" Ready False && pool_cond_is "$1" Degraded True &&
    [[ $(cond_field "$1" Degraded message) == *"$2"* ]] &&
    pool_events "$1" | jq -se --arg c "$2" 'any(.[]; .type == "Warning" and (.message | contains($c)))' >/dev/null
}
# expect_reported NAME CAUSE STATE: waits for reported, then checks the target's state.
expect_reported() {
  if ! (wait_for 90 "$1 reports $2" reported "$1" "$2"); then
    dump_pool "$1"
    fail "$1: want Ready=False, Degraded=True and a Warning Event naming [$2]; Degraded: $(cond_field "$1" Degraded reason): $(cond_field "$1" Degraded message); events: $(pool_events "$1")"
  fi
  local t
  t=$(k get gpupool "$1" -o jsonpath='{.spec.targets[0].name}')
  assert_eq "$1 target $t state" "$3" "$(target_field "$1" "$t" state)"
  echo "  $1: Degraded $(cond_field "$1" Degraded reason): $(cond_field "$1" Degraded message)"
}
expect_reported bad-machine "UnknownMachineType: machine type a9-mystery-8g" Error
expect_reported bad-oke InvalidArgument Error
# The OKE refusal itself names taints (target lastError and the Event).
[[ $(k get gpupool bad-oke -o json | jq -r '.status.targets[0].lastError.message') == *taints* ]] ||
  fail "bad-oke lastError does not name taints: $(k get gpupool bad-oke -o json | jq -c '.status.targets[0]')"
has_pool_event bad-oke Warning TargetError "OKE node pools do not support taints" ||
  fail "no TargetError Event naming taints: $(pool_events bad-oke)"
expect_reported bad-cluster "CloudClusterNotFound: CloudCluster no-such-cluster" Error
pass "each bad GPUPool has Degraded=True naming its cause and a Warning Event"

assert_eq "pools in the clouds at the end" '[{"provider":"GKE","nodeCount":2,"readyNodes":2}]' "$(state_pools)"
pool_ready good || fail "good GPUPool lost Ready"
kill -0 "$OP_PID" 2>/dev/null || fail "operator exited"
operator_ready "$OP_HEALTH_PORT" || fail "operator /readyz fails"
pass "the good GPUPool stays Ready and the operator is alive"
