#!/usr/bin/env bash
# Acceptance: the examples apply; `kubectl get` shows our printer columns;
# defaults are filled; scale, server-side apply and status patches work.
source "$GPUPOOL_ROOT/tests/lib.sh"
start_sim "$TEST_TMP/sim"
install_crds
EX="$GPUPOOL_ROOT/crds/examples"

jp() { k get "$1" -o jsonpath="$2"; }   # jp RESOURCE/NAME JSONPATH

# 1. Server-side dry run of the examples creates nothing.
out=$(k apply --dry-run=server -f "$EX/" 2>&1) || fail "apply --dry-run=server examples: $out"
assert_contains "dry-run" "$out" "gpupool.gpupool.io/h100-training created (server dry run)"
assert_eq "dry-run left no objects" "" "$(k get gpupools,cloudclusters -o name 2>/dev/null)"
pass "server dry run of the examples"

# 2. apply -f crds/examples/ (default validation).
out=$(k apply -f "$EX/" 2>&1) || fail "kubectl apply -f crds/examples/: $out"
for o in cloudcluster.gpupool.io/gke-us-central1 cloudcluster.gpupool.io/aks-westus2 \
         cloudcluster.gpupool.io/oke-us-ashburn-1 cloudcluster.gpupool.io/coreweave-us-east-04a \
         gpupool.gpupool.io/h100-training gpupool.gpupool.io/h200-inference; do
  assert_contains "apply examples" "$out" "$o created"
done
# Re-applying changes nothing. kubectl still reports GPUPools "configured":
# its three-way JSON merge patch resends spec.targets because the live items
# carry schema defaults (same on a real apiserver); generation must stay 1.
out=$(k apply -f "$EX/" 2>&1) || fail "re-apply examples: $out"
assert_contains "re-apply examples" "$out" "cloudcluster.gpupool.io/gke-us-central1 unchanged"
assert_eq "generation after re-apply" "1 1" \
  "$(jp gpupool/h100-training '{.metadata.generation}') $(jp gpupool/h200-inference '{.metadata.generation}')"
pass "examples apply (re-apply is a no-op)"

# 3. Defaults from the schema.
assert_eq "default mode" "Apply" "$(jp gpupool/h200-inference '{.spec.mode}')"
assert_eq "default deletionPolicy" "Delete" "$(jp gpupool/h200-inference '{.spec.deletionPolicy}')"
assert_eq "default paused" "false" "$(jp gpupool/h200-inference '{.spec.paused}')"
assert_eq "default failover" "5m 30m 20m" \
  "$(jp gpupool/h200-inference '{.spec.failover.initialBackoff} {.spec.failover.maxBackoff} {.spec.failover.provisioningTimeout}')"
assert_eq "default target fields" "OnDemand false 0" \
  "$(jp gpupool/h200-inference '{.spec.targets[1].capacityType} {.spec.targets[1].autoscaling} {.spec.targets[1].priority}')"
assert_eq "default maxRequestsPerSecond" "5 3" "$(jp cc/gke-us-central1 '{.spec.maxRequestsPerSecond}') $(jp cc/aks-westus2 '{.spec.maxRequestsPerSecond}')"
pass "schema defaults applied"

# 4. Printer columns.
check_columns() {
  local kc=$1 out
  out=$("$kc" get gpupools 2>&1) || fail "$kc get gpupools: $out"
  assert_eq "$kc get gpupools header" "NAME GPU DESIRED READY STRATEGY CONDITION AGE" "$(echo "$out" | head -n1 | squash)"
  # Unset status fields are null cells, which kubectl prints as blanks.
  assert_eq "$kc get gpupools row" "h100-training|H100|64||Priority|" \
    "$(echo "$out" | table_row h100-training | cut -d'|' -f1-6)"
  assert_eq "$kc get gpupools row" "h200-inference|H200|16||Spread|" \
    "$(echo "$out" | table_row h200-inference | cut -d'|' -f1-6)"
  out=$("$kc" get gpupools -o wide 2>&1) || fail "$kc get gpupools -o wide: $out"
  assert_eq "$kc get gpupools -o wide row" "h100-training|H100|64||Priority||Apply|false" \
    "$(echo "$out" | table_row h100-training | cut -d'|' -f1-8)"
  assert_eq "$kc get gpupools -o wide header" "NAME GPU DESIRED READY STRATEGY CONDITION MODE PAUSED AGE" \
    "$(echo "$out" | head -n1 | squash)"
  out=$("$kc" get cloudclusters 2>&1) || fail "$kc get cloudclusters: $out"
  assert_eq "$kc get cloudclusters header" "NAME PROVIDER READY AGE" "$(echo "$out" | head -n1 | squash)"
  assert_eq "$kc get cloudclusters row" "oke-us-ashburn-1|OKE|" \
    "$(echo "$out" | table_row oke-us-ashburn-1 | cut -d'|' -f1-3)"
  out=$("$kc" get gpupools -A 2>&1) || fail "$kc get gpupools -A: $out"
  assert_eq "$kc get gpupools -A header" "NAMESPACE NAME GPU DESIRED READY STRATEGY CONDITION AGE" "$(echo "$out" | head -n1 | squash)"
  out=$("$kc" get gpool h100-training -o name 2>&1) || fail "$kc get gpool h100-training: $out"
  assert_eq "$kc get gpool NAME -o name" "gpupool.gpupool.io/h100-training" "$out"
  out=$("$kc" get gpupool h100-training 2>&1) || fail "$kc get gpupool h100-training: $out"
  out=$("$kc" get gpupool -o name 2>&1) || fail "$kc get gpupool (category): $out"
  assert_eq "$kc get gpupool (category) count" "2" "$(echo "$out" | grep -c gpupool.gpupool.io/)"
}
for kc in $(kubectl_clients); do check_columns "$kc"; pass "printer columns via $kc"; done

# 5. Scale subresource: .spec.gpus follows --replicas.
out=$(k scale gpupool/h100-training --replicas=16 2>&1) || fail "kubectl scale: $out"
assert_contains "scale" "$out" "gpupool.gpupool.io/h100-training scaled"
assert_eq "spec.gpus after scale" "16" "$(jp gpupool/h100-training '{.spec.gpus}')"
assert_eq "generation after scale" "2" "$(jp gpupool/h100-training '{.metadata.generation}')"
assert_eq "scale subresource" "16 0" \
  "$(k get gpupool h100-training --subresource=scale -o jsonpath='{.spec.replicas} {.status.replicas}')"
pass "kubectl scale --replicas=16 sets spec.gpus"

# 6. Status subresource.
status_patch='{"status":{"observedGeneration":2,"desiredGPUs":16,"readyGPUs":8,
  "conditions":[{"type":"Ready","status":"False","reason":"Provisioning","message":"8 of 16 GPUs ready",
                 "lastTransitionTime":"2025-01-01T00:00:00Z","observedGeneration":2}],
  "targets":[{"name":"gke","provider":"GKE","nodePool":"gpupool-h100-training-gke","desiredNodes":2,
              "currentNodes":1,"readyNodes":1,"state":"Provisioning"}]}}'
out=$(k patch gpupool h100-training --subresource=status --type=merge -p "$status_patch" 2>&1) \
  || fail "kubectl patch --subresource=status: $out"
assert_eq "status.readyGPUs" "8" "$(jp gpupool/h100-training '{.status.readyGPUs}')"
assert_eq "status.conditions Ready" "False" "$(jp gpupool/h100-training '{.status.conditions[?(@.type=="Ready")].status}')"
assert_eq "status.targets[gke].nodePool" "gpupool-h100-training-gke" "$(jp gpupool/h100-training '{.status.targets[0].nodePool}')"
assert_eq "generation unchanged by status" "2" "$(jp gpupool/h100-training '{.metadata.generation}')"
assert_eq "get row after status" "h100-training|H100|16|8|Priority|False" \
  "$(k get gpupools | table_row h100-training | cut -d'|' -f1-6)"
assert_eq "scale status.replicas" "8" "$(k get gpupool h100-training --subresource=scale -o jsonpath='{.status.replicas}')"
# A write to the main resource cannot change status.
k patch gpupool h100-training --type=merge -p '{"status":{"readyGPUs":99}}' >/dev/null 2>&1 || true
assert_eq "status ignored on main resource" "8" "$(jp gpupool/h100-training '{.status.readyGPUs}')"
# Status is validated too.
expect_fail "invalid condition status" 'Unsupported value: "Maybe"' \
  k patch gpupool h100-training --subresource=status --type=merge \
  -p '{"status":{"conditions":[{"type":"Ready","status":"Maybe","reason":"X","message":"","lastTransitionTime":"2025-01-01T00:00:00Z"}]}}'
pass "patch --subresource=status"

# 7. Server-side apply: create, change, and drop a field with the same manager.
sed 's/name: h200-inference/name: h200-ssa/' "$EX/gpupool-h200-spread.yaml" >"$TEST_TMP/ssa-1.yaml"
out=$(k apply --server-side -f "$TEST_TMP/ssa-1.yaml" 2>&1) || fail "apply --server-side (create): $out"
assert_contains "ssa create" "$out" "gpupool.gpupool.io/h200-ssa serverside-applied"
sed 's/^  gpus: 16$/  gpus: 24/; s/^  strategy: Spread$/  strategy: Spread\n  nodeTemplate:\n    labels:\n      tier: inference/' \
  "$TEST_TMP/ssa-1.yaml" >"$TEST_TMP/ssa-2.yaml"
out=$(k apply --server-side -f "$TEST_TMP/ssa-2.yaml" 2>&1) || fail "apply --server-side (change): $out"
assert_contains "ssa change" "$out" "gpupool.gpupool.io/h200-ssa serverside-applied"
assert_eq "ssa gpus" "24" "$(jp gpupool/h200-ssa '{.spec.gpus}')"
assert_eq "ssa label" "inference" "$(jp gpupool/h200-ssa '{.spec.nodeTemplate.labels.tier}')"
sed 's/^  gpus: 16$/  gpus: 24/' "$TEST_TMP/ssa-1.yaml" >"$TEST_TMP/ssa-3.yaml"
out=$(k apply --server-side -f "$TEST_TMP/ssa-3.yaml" 2>&1) || fail "apply --server-side (drop field): $out"
assert_eq "ssa dropped label" "" "$(jp gpupool/h200-ssa '{.spec.nodeTemplate.labels.tier}')"
assert_contains "ssa managedFields" "$(jp gpupool/h200-ssa '{.metadata.managedFields[*].manager}')" "kubectl"
pass "apply --server-side create/change/drop"

# Server-side apply of a changed example over the client-side-applied object.
sed 's/^  gpus: 16$/  gpus: 32/' "$EX/gpupool-h200-spread.yaml" >"$TEST_TMP/h200-changed.yaml"
out=$(k apply --server-side -f "$TEST_TMP/h200-changed.yaml" 2>&1) || fail "apply --server-side over client-side apply: $out"
assert_contains "ssa over csa" "$out" "gpupool.gpupool.io/h200-inference serverside-applied"
assert_eq "ssa over csa gpus" "32" "$(jp gpupool/h200-inference '{.spec.gpus}')"
pass "apply --server-side of a changed example"

# 8. describe works.
out=$(k describe gpupool h100-training 2>&1 | squash) || fail "kubectl describe: $out"
assert_contains "describe" "$out" "Name: h100-training"
pass "kubectl describe"

# 9. The machine's kubectl (version dispatcher) does the same writes.
if have_sys_kubectl; then
  out=$(k_sys scale gpupool/h100-training --replicas=24 2>&1) || fail "$SYS_KUBECTL scale: $out"
  assert_eq "sys scale" "24" "$(jp gpupool/h100-training '{.spec.gpus}')"
  out=$(k_sys patch gpupool h100-training --subresource=status --type=merge -p '{"status":{"readyGPUs":16}}' 2>&1) \
    || fail "$SYS_KUBECTL patch --subresource=status: $out"
  assert_eq "sys status patch" "16" "$(jp gpupool/h100-training '{.status.readyGPUs}')"
  sed 's/^  gpus: 16$/  gpus: 40/' "$EX/gpupool-h200-spread.yaml" >"$TEST_TMP/h200-sys.yaml"
  out=$(k_sys apply --server-side -f "$TEST_TMP/h200-sys.yaml" 2>&1) || fail "$SYS_KUBECTL apply --server-side: $out"
  assert_eq "sys ssa" "40" "$(jp gpupool/h200-inference '{.spec.gpus}')"
  pass "scale, status patch and server-side apply via $SYS_KUBECTL"
fi
