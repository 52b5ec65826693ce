#!/usr/bin/env bash
# End to end: the simulator's four CloudClusters + the multicloud H100 example
# (cloudClusterRefs renamed to the simulator's clusters) -> the GPUPool gets
# Ready=True and the simulated clouds hold exactly the pools the Priority
# strategy asks for: one GKE pool of 8 nodes (maxNodes 8 x 8 GPUs = 64), none
# elsewhere. Deleting the GPUPool (deletionPolicy Delete) removes the pool.
source "$GPUPOOL_ROOT/tests/lib.sh"
start_sim "$TEST_TMP/sim" --provisioning-seconds 0.5
install_crds
M="$SIM_DIR/manifests/cloudclusters.yaml"
[[ -s $M ]] || fail "simulator wrote no $M"

start_operator op
wait_for 30 "operator /readyz" operator_ready "$OP_HEALTH_PORT"
k apply -f "$M" >"$TEST_TMP/apply.out" 2>&1 || fail "apply $M: $(cat "$TEST_TMP/apply.out")"
cc_ready() { [[ $(k get cloudcluster "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}') == True ]]; }
for c in gke-sim aks-sim oke-sim coreweave-sim; do wait_for 60 "CloudCluster $c Ready" cc_ready "$c"; done
pass "the simulator's CloudClusters are Ready"

# The example names real clusters and a real zone; point it at the simulator.
sed -e 's/cloudClusterRef: gke-us-central1/cloudClusterRef: gke-sim/' \
    -e 's/cloudClusterRef: aks-westus2/cloudClusterRef: aks-sim/' \
    -e 's/cloudClusterRef: oke-us-ashburn-1/cloudClusterRef: oke-sim/' \
    -e 's/cloudClusterRef: coreweave-us-east-04a/cloudClusterRef: coreweave-sim/' \
    -e '/zones: \[us-central1-a\]/d' \
    "$GPUPOOL_ROOT/crds/examples/gpupool-h100-multicloud.yaml" >"$TEST_TMP/gpupool.yaml"
k apply -f "$TEST_TMP/gpupool.yaml" >"$TEST_TMP/apply-pool.out" 2>&1 || fail "apply gpupool: $(cat "$TEST_TMP/apply-pool.out")"

pool_ready() { [[ $(k get gpupool h100-training -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}') == True ]]; }
if ! (wait_for 150 "GPUPool Ready" pool_ready); then
  k get gpupool h100-training -o yaml >&2 || true
  fail "GPUPool h100-training did not become Ready"
fi
pass "GPUPool h100-training Ready=True"

pools=$(admin_get /state | jq -c '[.pools[] | {provider, nodeCount}]')
[[ $pools == '[{"provider":"GKE","nodeCount":8}]' ]] || fail "want one GKE pool of 8 nodes, got $pools"
[[ $(k get gpupool h100-training -o jsonpath='{.status.readyGPUs}') == 64 ]] || fail "readyGPUs is not 64"
pass "exactly one GKE pool of 8 nodes; readyGPUs 64"

k delete gpupool h100-training --wait=false >/dev/null
no_pools() { [[ $(admin_get /state | jq '.pools | length') == 0 ]]; }
wait_for 90 "node pools deleted" no_pools
gone() { ! k get gpupool h100-training >/dev/null 2>&1; }
wait_for 30 "GPUPool gone (finalizer removed)" gone
pass "deleting the GPUPool deletes its pools, then the finalizer"
