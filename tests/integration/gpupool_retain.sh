#!/usr/bin/env bash
# Scenario 6, Retain half: a GPUPool with deletionPolicy Retain for 72 GPUs
# (GKE 8 nodes + AKS 1 node under Priority with maxNodes 8) gets Ready; after
# `kubectl delete` the object disappears (the operator removes its
# finalizer), both pools stay in the simulated clouds with their sizes and
# owner tags, and a Normal Event "Retaining 2 node pools" says so.
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/gpupool_lib.sh"
P=retain-test
start_world

multicloud_pool "$P" -e 's/initialBackoff: 5m/initialBackoff: 5s/' \
  -e 's/^  gpus: 64$/  gpus: 72\n  deletionPolicy: Retain/' >"$TEST_TMP/pool.yaml"
grep -q '^  deletionPolicy: Retain$' "$TEST_TMP/pool.yaml" || fail "could not set deletionPolicy: Retain"
apply_yaml "$TEST_TMP/pool.yaml"

WANT='[{"provider":"AKS","nodeCount":1,"readyNodes":1},{"provider":"GKE","nodeCount":8,"readyNodes":8}]'
up() { [[ $(state_pools) == "$WANT" ]] && pool_ready "$P"; }
if ! (wait_for 150 "GPUPool Ready on GKE 8 + AKS 1" up); then dump_pool "$P"; fail "not Ready: $(state_pools)"; fi
assert_eq "finalizer" gpupool.io/cleanup "$(k get gpupool "$P" -o jsonpath='{.metadata.finalizers[*]}')"
uid=$(k get gpupool "$P" -o jsonpath='{.metadata.uid}')
# The pools as the clouds hold them (ids, names, owner labels) before the delete.
before=$(admin_get /state | jq -S '[.pools[] | {provider, id, name, nodeCount, labels}] | sort_by(.provider)')
grep -qF "$uid" <<<"$before" || fail "the pools do not carry the GPUPool uid $uid in their labels: $before"
pass "Ready with 72 GPUs on GKE 8 + AKS 1 nodes"

k delete gpupool "$P" --wait=false >/dev/null
gone() { ! k get gpupool "$P" >/dev/null 2>&1; }
if ! (wait_for 60 "GPUPool gone (finalizer removed)" gone); then dump_pool "$P"; fail "GPUPool not deleted"; fi
if ! (wait_for 30 "Retaining Event" has_pool_event "$P" Normal Retaining "Retaining 2 node pools"); then
  fail "no Retaining Event naming 2 pools: $(pool_events "$P")"
fi
# Nothing was deleted or resized: same ids, names, sizes and owner labels.
after=$(admin_get /state | jq -S '[.pools[] | {provider, id, name, nodeCount, labels}] | sort_by(.provider)')
assert_eq "pools after the delete" "$before" "$after"
assert_eq "pool sizes after the delete" "$WANT" "$(state_pools)"
! has_pool_event "$P" Normal DeletingNodePool || fail "a pool delete was started: $(pool_events "$P")"
kill -0 "$OP_PID" || fail "operator exited"
pass "deleted with Retain: object gone, both pools kept with their sizes and tags, Event Retaining"
