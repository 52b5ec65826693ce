#!/usr/bin/env bash
# Scenario 4: `kubectl scale gpupool/X --replicas=N` (the CRD's scale
# subresource maps replicas to spec.gpus). The multicloud H100 example
# (Priority, maxNodes 8 x 8 GPUs per target) is Ready with 64 GPUs on GKE;
# scaling to 128 fills GKE 8 + AKS 8 nodes (Ready, readyGPUs 128, nothing on
# OKE/CoreWeave); scaling back to 64 resizes the AKS pool to 0 nodes (the
# reconciler resizes, it does not delete a spec target's pool) while Ready
# stays True and Ready GPUs never drop below 64 (status and /state sampled).
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/gpupool_lib.sh"
P=scale-test
start_world

multicloud_pool "$P" -e 's/initialBackoff: 5m/initialBackoff: 5s/' >"$TEST_TMP/pool.yaml"
apply_yaml "$TEST_TMP/pool.yaml"

# settled GPUS: status describes the current spec and has GPUS Ready GPUs.
settled() {
  local s
  s=$(k get gpupool "$P" -o json) || return 1
  jq -e --argjson g "$1" '.status.observedGeneration == .metadata.generation and .status.readyGPUs == $g
    and ([.status.conditions[] | select(.type == "Ready")][0].status == "True")' <<<"$s" >/dev/null
}
if ! (wait_for 150 "GPUPool Ready with 64 GPUs" settled 64); then dump_pool "$P"; fail "not Ready with 64 GPUs"; fi
assert_eq "pools at 64 GPUs" '[{"provider":"GKE","nodeCount":8,"readyNodes":8}]' "$(state_pools)"
pass "64 GPUs: one GKE pool of 8 Ready nodes"

# Scale up through the scale subresource.
k scale gpupool/"$P" --replicas=128 >"$TEST_TMP/scale.out" 2>&1 || fail "kubectl scale: $(cat "$TEST_TMP/scale.out")"
assert_eq "spec.gpus after scale" 128 "$(k get gpupool "$P" -o jsonpath='{.spec.gpus}')"
if ! (wait_for 150 "GPUPool Ready with 128 GPUs" settled 128); then dump_pool "$P"; fail "not Ready with 128 GPUs"; fi
assert_eq "pools at 128 GPUs" \
  '[{"provider":"AKS","nodeCount":8,"readyNodes":8},{"provider":"GKE","nodeCount":8,"readyNodes":8}]' "$(state_pools)"
assert_eq "status.desiredGPUs" 128 "$(k get gpupool "$P" -o jsonpath='{.status.desiredGPUs}')"
assert_eq "aks target desiredNodes" 8 "$(target_field "$P" aks desiredNodes)"
assert_eq "aks target state" Ready "$(target_field "$P" aks state)"
# The scale subresource reads readyGPUs back as status.replicas.
assert_eq "scale status.replicas" 128 "$(k get gpupool "$P" --subresource=scale -o jsonpath='{.status.replicas}')"
pass "128 GPUs: GKE 8 + AKS 8 Ready nodes, readyGPUs 128"

# Scale down; every sample on the way must keep Ready=True and >= 64 GPUs.
k scale gpupool/"$P" --replicas=64 >"$TEST_TMP/scale.out" 2>&1 || fail "kubectl scale: $(cat "$TEST_TMP/scale.out")"
shrunk_without_dip() {
  local s ready gpus cloud
  s=$(k get gpupool "$P" -o json) || return 1
  ready=$(jq -r '[.status.conditions[] | select(.type == "Ready")][0].status' <<<"$s")
  gpus=$(jq -r '.status.readyGPUs' <<<"$s")
  cloud=$(state_ready_gpus 8)
  [[ $ready == True ]] || { dump_pool "$P"; fail "Ready=$ready during the shrink"; }
  ((gpus >= 64)) || fail "status.readyGPUs $gpus < 64 during the shrink"
  ((cloud >= 64)) || fail "/state Ready GPUs $cloud < 64 during the shrink"
  echo "$gpus $cloud" >>"$TEST_TMP/samples"
  [[ $(state_pools) == '[{"provider":"AKS","nodeCount":0,"readyNodes":0},{"provider":"GKE","nodeCount":8,"readyNodes":8}]' ]] &&
    settled 64
}
if ! (wait_for 150 "AKS pool shrunk to 0 nodes" shrunk_without_dip); then
  dump_pool "$P"; fail "pools did not shrink back: $(state_pools)"
fi
echo "shrink: $(awk 'NR == 1 || $1 < s { s = $1 } NR == 1 || $2 < c { c = $2 } END { print NR " samples, lowest Ready GPUs: status " s ", /state " c }' "$TEST_TMP/samples")"
assert_eq "status.desiredGPUs" 64 "$(k get gpupool "$P" -o jsonpath='{.status.desiredGPUs}')"
assert_eq "aks target desiredNodes" 0 "$(target_field "$P" aks desiredNodes)"
assert_eq "aks target state" Ready "$(target_field "$P" aks state)"
assert_eq "gke target desiredNodes" 8 "$(target_field "$P" gke desiredNodes)"
has_pool_event "$P" Normal ResizingNodePool "target aks: resizing from 8 to 0 nodes" ||
  fail "no ResizingNodePool Event for aks 8 -> 0: $(pool_events "$P")"
pass "back to 64: AKS pool resized to 0 nodes (kept), GKE 8; Ready=True and >= 64 GPUs throughout"
