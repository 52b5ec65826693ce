#!/usr/bin/env bash
# Acceptance: every manifest in tests/invalid/ is rejected by kubectl apply
# (default validation) with the message its '# expect:' line names, and
# nothing is created. Updates that break the same rules are rejected too.
source "$GPUPOOL_ROOT/tests/lib.sh"
start_sim "$TEST_TMP/sim"
install_crds
INVALID="$GPUPOOL_ROOT/tests/invalid"

shopt -s nullglob
files=("$INVALID"/*.yaml)
((${#files[@]} >= 3)) || fail "expected at least 3 manifests in tests/invalid/, found ${#files[@]}"

for kc in $(kubectl_clients); do
  for f in "${files[@]}"; do
    want=$(expected_error "$f")
    [[ -n $want ]] || fail "$f has no '# expect: ' line"
    expect_fail "$kc apply -f $(basename "$f")" "$want" "$kc" apply -f "$f"
    expect_fail "$(basename "$f") must not exist" "NotFound" "$kc" get -f "$f"
    pass "$(basename "$f") rejected via $kc: $want"
  done
done

# The same rules hold on update: start from a valid object and break it.
k apply -f "$GPUPOOL_ROOT/crds/examples/gpupool-h100-multicloud.yaml" >/dev/null || fail "apply valid example"
expect_fail "patch gpus=-1" "should be greater than or equal to 0" \
  k patch gpupool h100-training --type=merge -p '{"spec":{"gpus":-1}}'
expect_fail "patch strategy" 'Unsupported value: "Fastest"' \
  k patch gpupool h100-training --type=merge -p '{"spec":{"strategy":"Fastest"}}'
expect_fail "json-patch minNodes > maxNodes" "minNodes must be less than or equal to maxNodes" \
  k patch gpupool h100-training --type=json -p '[{"op":"replace","path":"/spec/targets/0/minNodes","value":9}]'
expect_fail "patch duplicate target" "Duplicate value" \
  k patch gpupool h100-training --type=json \
  -p '[{"op":"add","path":"/spec/targets/-","value":{"name":"gke","cloudClusterRef":"gke-us-central1","machineType":"a3-highgpu-8g"}}]'
assert_eq "object unchanged by rejected updates" "64 4" \
  "$(k get gpupool h100-training -o jsonpath='{.spec.gpus} {.spec.targets[*].name}' | awk '{print $1, NF-1}')"
pass "invalid updates rejected"
