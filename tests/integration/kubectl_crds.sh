#!/usr/bin/env bash
# Acceptance: our CRDs install into gpupool-sim with real kubectl (default
# validation), become Established, show up in discovery with their names,
# short names and category, and `kubectl explain` shows our descriptions.
source "$GPUPOOL_ROOT/tests/lib.sh"
start_sim "$TEST_TMP/sim"
CRDS="$GPUPOOL_ROOT/crds"

# 1. apply -f crds/ with default (strict) validation.
out=$(k apply -f "$CRDS/" 2>&1) || fail "kubectl apply -f crds/: $out"
assert_contains "apply crds" "$out" "customresourcedefinition.apiextensions.k8s.io/gpupools.gpupool.io created"
assert_contains "apply crds" "$out" "customresourcedefinition.apiextensions.k8s.io/cloudclusters.gpupool.io created"
pass "kubectl apply -f crds/ created both CRDs"

# 2. Established (and NamesAccepted) conditions.
k wait --for=condition=Established --timeout=60s crd/gpupools.gpupool.io crd/cloudclusters.gpupool.io >/dev/null \
  || fail "kubectl wait --for=condition=Established"
assert_eq "NamesAccepted" "True" \
  "$(k get crd gpupools.gpupool.io -o jsonpath='{.status.conditions[?(@.type=="NamesAccepted")].status}')"
assert_eq "acceptedNames.kind" "GPUPool" "$(k get crd gpupools.gpupool.io -o jsonpath='{.status.acceptedNames.kind}')"
assert_eq "acceptedNames.shortNames" "cc" "$(k get crd cloudclusters.gpupool.io -o jsonpath='{.status.acceptedNames.shortNames[0]}')"
assert_eq "storedVersions" "v1alpha1" "$(k get crd gpupools.gpupool.io -o jsonpath='{.status.storedVersions[0]}')"
pass "CRDs Established with accepted names"

# 3. Re-applying the same files changes nothing (three-way merge of a CRD).
out=$(k apply -f "$CRDS/" 2>&1) || fail "re-apply crds/: $out"
assert_contains "re-apply crds" "$out" "customresourcedefinition.apiextensions.k8s.io/gpupools.gpupool.io unchanged"
assert_contains "re-apply crds" "$out" "customresourcedefinition.apiextensions.k8s.io/cloudclusters.gpupool.io unchanged"
pass "re-apply of crds/ is a no-op"

# 4. Discovery: names, short names, namespaced, kind, category.
check_api_resources() {
  local kc=$1 out
  out=$("$kc" api-resources --api-group=gpupool.io -o wide 2>&1) || fail "$kc api-resources: $out"
  out=$(echo "$out" | awk '{$1=$1; print}')
  assert_contains "$kc api-resources" "$out" "gpupools gpool gpupool.io/v1alpha1 true GPUPool"
  assert_contains "$kc api-resources" "$out" "cloudclusters cc gpupool.io/v1alpha1 true CloudCluster"
  # Category `gpupool` holds only GPUPools, so `kubectl get gpupool NAME` (the
  # singular name, which kubectl expands as a category first) stays one resource.
  assert_eq "$kc api-resources gpupools category" "gpupool" "$(echo "$out" | awk '$1=="gpupools"{print $NF}')"
}
for kc in $(kubectl_clients); do check_api_resources "$kc"; pass "api-resources via $kc"; done

# 5. kubectl explain shows our descriptions (OpenAPI v3 served for the group).
check_explain() {
  local kc=$1 out
  out=$("$kc" explain gpupool.spec.targets 2>&1) || fail "$kc explain gpupool.spec.targets: $out"
  out=$(echo "$out" | squash)
  assert_contains "$kc explain gpupool.spec.targets" "$out" "KIND: GPUPool"
  assert_contains "$kc explain gpupool.spec.targets" "$out" "Where the GPUs may come from"
  assert_contains "$kc explain gpupool.spec.targets" "$out" "cloudClusterRef"
  assert_contains "$kc explain gpupool.spec.targets" "$out" "Name of the CloudCluster (same namespace)"
  assert_contains "$kc explain gpupool.spec.targets" "$out" "Most nodes the operator"
  out=$("$kc" explain gpupool.spec.strategy 2>&1 | squash) || fail "$kc explain gpupool.spec.strategy: $out"
  assert_contains "$kc explain gpupool.spec.strategy" "$out" "fill the target with the lowest priority value first"
  out=$("$kc" explain cc.spec.provider 2>&1 | squash) || fail "$kc explain cc.spec.provider: $out"
  assert_contains "$kc explain cc.spec.provider" "$out" "Cloud provider of the cluster"
}
for kc in $(kubectl_clients); do check_explain "$kc"; pass "explain via $kc"; done

# 6. Short names and the category resolve (empty lists are fine here).
for r in gpool cc gpupool cloudcluster gpupools.gpupool.io; do
  out=$(k get "$r" 2>&1) || fail "kubectl get $r: $out"
done
pass "short names, singular names and category resolve"

# 7. Deleting the CRDs removes the kinds (and their objects) from the server.
k apply -f "$CRDS/examples/cloudclusters.yaml" >/dev/null || fail "apply cloudclusters"
out=$(k delete -f "$CRDS/" --timeout=60s 2>&1) || fail "kubectl delete -f crds/: $out"
assert_contains "delete crds" "$out" "customresourcedefinition.apiextensions.k8s.io \"gpupools.gpupool.io\" deleted"
wait_for 30 "gpupool.io gone from discovery" \
  bash -c "[[ -z \$('$KUBECTL' api-resources --api-group=gpupool.io --no-headers 2>/dev/null) ]]"
pass "deleting the CRDs removes the kinds"

# 8. And they can be installed again.
install_crds
assert_eq "no CloudClusters survive CRD re-creation" "" "$(k get cc -o name 2>/dev/null)"
pass "CRDs re-install cleanly"
