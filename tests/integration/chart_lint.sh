#!/usr/bin/env bash
# The Helm chart lints, renders, and ships the same CRDs as crds/.
source "$GPUPOOL_ROOT/tests/lib.sh"
CHART="$GPUPOOL_ROOT/charts/gpupool-operator"
out=$("$HELM" lint "$CHART" 2>&1) || fail "helm lint: $out"
out=$("$HELM" template t "$CHART" 2>&1) || fail "helm template: $out"
for kind in ServiceAccount ClusterRole ClusterRoleBinding Deployment; do
  grep -q "^kind: $kind$" <<<"$out" || fail "helm template renders no $kind"
done
for f in "$GPUPOOL_ROOT"/crds/gpupool.io_*.yaml; do
  cmp -s "$f" "$CHART/crds/$(basename "$f")" || fail "charts/gpupool-operator/crds/$(basename "$f") differs from crds/"
done
pass "chart lints, renders, and carries the current CRDs"
