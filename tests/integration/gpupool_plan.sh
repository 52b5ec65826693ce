#!/usr/bin/env bash
# Scenario 5: `mode: Plan` computes the placement and writes status.plan
# (target, action, fromNodes, toNodes, reason) but makes no mutating cloud
# call: GET /state keeps no pools, its write counters show no mutating request
# to any cloud (reads - list, GET, GKE's listManagedInstances, token exchanges -
# are not writes) and there is no CreatingNodePool Event, also after a spec
# change re-plans.
# Switching to `mode: Apply` then creates exactly the planned pools, which
# proves the checks can tell the two modes apart.
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/gpupool_lib.sh"
P=plan-test
start_world

# cloud_writes: mutating requests the simulated clouds have counted so far,
# over every cloud and method (GET /state .writes; jq fails if it is missing).
cloud_writes() { admin_get /state | jq -e '[.writes[][]] | add'; }
# plan_is JSON: status.plan of the current generation has exactly these
# {target, action, fromNodes, toNodes} steps, each with a reason.
plan_is() {
  k get gpupool "$P" -o json | jq -e --argjson want "$1" '.status.observedGeneration == .metadata.generation
    and ([.status.plan[] | {target, action, fromNodes, toNodes}] == $want)
    and all(.status.plan[]; (.reason // "") != "")' >/dev/null
}
no_pools_no_writes() {
  assert_eq "/state pools in Plan mode" '[]' "$(state_pools)"
  assert_eq "mutating cloud requests in Plan mode" 0 "$(cloud_writes)"
  ! has_pool_event "$P" Normal CreatingNodePool || fail "CreatingNodePool Event in Plan mode: $(pool_events "$P")"
}

multicloud_pool "$P" -e 's/initialBackoff: 5m/initialBackoff: 5s/' -e 's/^  gpus: 64$/  gpus: 64\n  mode: Plan/' \
  >"$TEST_TMP/pool.yaml"
grep -q '^  mode: Plan$' "$TEST_TMP/pool.yaml" || fail "could not set mode: Plan in the example"
apply_yaml "$TEST_TMP/pool.yaml"

# 64 GPUs, Priority: the priority-0 target (GKE, maxNodes 8 x 8 GPUs) takes all.
PLAN64='[{"target":"gke","action":"Create","fromNodes":0,"toNodes":8}]'
if ! (wait_for 90 "status.plan for 64 GPUs" plan_is "$PLAN64"); then dump_pool "$P"; fail "plan not written"; fi
assert_eq "Progressing reason" PlanOnly "$(cond_field "$P" Progressing reason)"
assert_eq "Ready" False "$(pool_cond "$P" Ready)"
assert_eq "gke target state" Pending "$(target_field "$P" gke state)"
no_pools_no_writes
pass "Plan: status.plan = gke Create 0 -> 8 nodes; no pools, no cloud writes"

# A spec change re-plans (a second reconcile in Plan mode), still hands off:
# 72 GPUs overflow GKE's maxNodes 8 into one AKS node.
k patch gpupool "$P" --type=merge -p '{"spec":{"gpus":72}}' >/dev/null
PLAN72='[{"target":"gke","action":"Create","fromNodes":0,"toNodes":8},{"target":"aks","action":"Create","fromNodes":0,"toNodes":1}]'
if ! (wait_for 90 "status.plan for 72 GPUs" plan_is "$PLAN72"); then dump_pool "$P"; fail "plan not updated"; fi
reads=$(admin_get /state | jq '[.requests[].count] | add // 0')
((reads > 0)) || fail "the operator never read the clouds in Plan mode (requests: $reads)"
no_pools_no_writes
pass "Plan re-planned for 72 GPUs (gke 8 + aks 1); $reads cloud reads, 0 writes, no pools"

# Apply: the planned pools appear, so the Plan checks above could have failed.
k patch gpupool "$P" --type=merge -p '{"spec":{"mode":"Apply"}}' >/dev/null
applied() {
  [[ $(state_pools) == '[{"provider":"AKS","nodeCount":1,"readyNodes":1},{"provider":"GKE","nodeCount":8,"readyNodes":8}]' ]] &&
    pool_ready "$P"
}
if ! (wait_for 150 "planned pools created and Ready" applied); then dump_pool "$P"; fail "Apply: $(state_pools)"; fi
writes=$(cloud_writes)
((writes >= 2)) || fail "Apply made $writes mutating cloud requests, want >= 2 (the counters are blind): $(admin_get /state | jq -c .writes)"
assert_eq "GKE creates (POST) after Apply" true "$(admin_get /state | jq '.writes.GKE.POST >= 1')"
assert_eq "AKS creates (PUT) after Apply" true "$(admin_get /state | jq '.writes.AKS.PUT >= 1')"
has_pool_event "$P" Normal CreatingNodePool "target gke: creating node pool with 8 nodes (64 GPUs)" ||
  fail "no CreatingNodePool Event for gke: $(pool_events "$P")"
pass "Apply: GKE 8 + AKS 1 nodes created ($writes cloud writes) and Ready"
