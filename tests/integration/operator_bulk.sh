#!/usr/bin/env bash
# 200 GPUPools created while the operator is down all get
# status.observedGeneration once it starts; a later spec edit is acknowledged.
source "$GPUPOOL_ROOT/tests/lib.sh"
start_sim "$TEST_TMP/sim"
install_crds
N=${GPUPOOL_BULK_POOLS:-200}

for i in $(seq 1 "$N"); do
  cat <<YAML
---
apiVersion: gpupool.io/v1alpha1
kind: GPUPool
metadata: {name: pool-$i}
spec:
  gpus: $((8 * (i % 4 + 1)))
  gpuType: H100
  targets: [{name: gke, cloudClusterRef: gke, machineType: a3-highgpu-8g, gpusPerNode: 8}]
YAML
done >"$TEST_TMP/pools.yaml"
k apply -f "$TEST_TMP/pools.yaml" >/dev/null
assert_eq "pools created" "$N" "$(k get gpupools -o name | wc -l | tr -d ' ')"

observed_count() {
  k get gpupools -o json | jq '[.items[] | select(.status.observedGeneration == .metadata.generation)] | length'
}
all_observed() { [[ $(observed_count) == "$1" ]]; }

start=$SECONDS
start_operator op
wait_for 60 "all $N pools observed" all_observed "$N"
echo "all $N pools observed $((SECONDS - start)) s after start" >&2
cond=$(k get gpupool pool-7 -o jsonpath='{.status.conditions[?(@.type=="Progressing")].reason}')
[[ -n $cond ]] || fail "pool-7 has no Progressing condition"
assert_eq "desiredGPUs" "$(k get gpupool pool-7 -o jsonpath='{.spec.gpus}')" \
  "$(k get gpupool pool-7 -o jsonpath='{.status.desiredGPUs}')"
pass "$N GPUPools created while down all got observedGeneration"

k patch gpupool pool-1 --type merge -p '{"spec":{"gpus":128}}' >/dev/null
wait_for 20 "pool-1 generation 2 observed" \
  bash -c "[[ \$('$KUBECTL' get gpupool pool-1 -o jsonpath='{.status.observedGeneration}') == 2 ]]"
assert_eq "desiredGPUs after edit" 128 "$(k get gpupool pool-1 -o jsonpath='{.status.desiredGPUs}')"
pass "spec edit acknowledged"
