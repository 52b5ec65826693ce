#!/usr/bin/env bash
# Acceptance: `kubectl get -w` prints changes made by another client, and
# `kubectl delete` of an object with a finalizer waits until the finalizer is
# removed.
source "$GPUPOOL_ROOT/tests/lib.sh"
start_sim "$TEST_TMP/sim"
install_crds
EX="$GPUPOOL_ROOT/crds/examples"
k apply -f "$EX/gpupool-h100-multicloud.yaml" >/dev/null || fail "apply h100 example"

# 1. get -w (Table watch) sees an update by another client.
watch_and_patch() {
  local kc=$1 gpus=$2 out
  out="$TEST_TMP/watch-$(basename "$1")-$2.out"
  start_bg "$out" "$kc" get gpupools -w
  local wpid=$BG_PID
  wait_for 30 "$kc get -w initial listing" grep -q '^h100-training ' "$out"
  k patch gpupool h100-training --type=merge -p "{\"spec\":{\"gpus\":$gpus}}" >/dev/null || fail "patch gpus"
  wait_for 30 "$kc get -w to print gpus=$gpus (output: $(tr '\n' '|' <"$out"))" \
    grep -Eq "^h100-training +H100 +$gpus " "$out"
  stop_bg "$wpid"
}
gpus=72
for kc in $(kubectl_clients); do watch_and_patch "$kc" "$gpus"; pass "get -w prints another client's update via $kc"; gpus=$((gpus + 8)); done

# 2. --output-watch-events shows the event types, including DELETED.
start_bg "$TEST_TMP/events.out" "$KUBECTL" get gpupools -w --output-watch-events
events_pid=$BG_PID
wait_for 30 "initial ADDED event" grep -Eq '^ADDED +h100-training ' "$TEST_TMP/events.out"

# 3. delete waits for the finalizer.
cat >"$TEST_TMP/fin.yaml" <<'EOF'
apiVersion: gpupool.io/v1alpha1
kind: GPUPool
metadata:
  name: fin-test
  finalizers: [gpupool.io/test-hold]
spec:
  gpus: 8
  gpuType: L4
  targets:
  - name: gke
    cloudClusterRef: gke-us-central1
    machineType: g2-standard-96
EOF
k apply -f "$TEST_TMP/fin.yaml" >/dev/null || fail "create fin-test"
wait_for 30 "watch sees fin-test" grep -Eq '^ADDED +fin-test ' "$TEST_TMP/events.out"

start_bg "$TEST_TMP/delete.out" "$KUBECTL" delete gpupool fin-test --wait=true --timeout=120s
delete_pid=$BG_PID
wait_for 30 "deletionTimestamp on fin-test" \
  bash -c "[[ -n \$('$KUBECTL' get gpupool fin-test -o jsonpath='{.metadata.deletionTimestamp}') ]]"
wait_for 30 "watch sees the deletion as MODIFIED" grep -Eq '^MODIFIED +fin-test ' "$TEST_TMP/events.out"
assert_eq "finalizer still present" "gpupool.io/test-hold" "$(k get gpupool fin-test -o jsonpath='{.metadata.finalizers[0]}')"
kill -0 "$delete_pid" 2>/dev/null || fail "kubectl delete returned before the finalizer was removed: $(cat "$TEST_TMP/delete.out")"
# No new finalizers on an object being deleted.
expect_fail "new finalizer while deleting" "no new finalizers can be added if the object is being deleted" \
  k patch gpupool fin-test --type=json -p '[{"op":"add","path":"/metadata/finalizers/-","value":"gpupool.io/another"}]'
pass "delete of an object with a finalizer waits (deletionTimestamp set, object kept)"

k patch gpupool fin-test --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]' >/dev/null \
  || fail "remove finalizer"
wait_exit 60 "$delete_pid"
[[ $BG_RC -eq 0 ]] || fail "kubectl delete exited $BG_RC: $(cat "$TEST_TMP/delete.out")"
assert_contains "delete output" "$(cat "$TEST_TMP/delete.out")" 'gpupool.gpupool.io "fin-test" deleted'
expect_fail "fin-test gone" 'gpupools.gpupool.io "fin-test" not found' k get gpupool fin-test
wait_for 30 "watch sees DELETED fin-test" grep -Eq '^DELETED +fin-test ' "$TEST_TMP/events.out"
pass "delete finishes once the finalizer is removed; object gone"

# 4. Without finalizers delete is immediate; the watch sees it too.
out=$(k delete gpupool h100-training --timeout=60s 2>&1) || fail "delete h100-training: $out"
assert_contains "delete h100-training" "$out" 'gpupool.gpupool.io "h100-training" deleted'
wait_for 30 "watch sees DELETED h100-training" grep -Eq '^DELETED +h100-training ' "$TEST_TMP/events.out"
stop_bg "$events_pid"
pass "plain delete"

# 5. The machine's kubectl waits for a finalizer as well.
if have_sys_kubectl; then
  k apply -f "$TEST_TMP/fin.yaml" >/dev/null || fail "re-create fin-test"
  start_bg "$TEST_TMP/delete-sys.out" "$SYS_KUBECTL" delete gpupool fin-test --wait=true --timeout=120s
  delete_pid=$BG_PID
  wait_for 30 "deletionTimestamp on fin-test (sys)" \
    bash -c "[[ -n \$('$KUBECTL' get gpupool fin-test -o jsonpath='{.metadata.deletionTimestamp}') ]]"
  kill -0 "$delete_pid" 2>/dev/null || fail "$SYS_KUBECTL delete returned early: $(cat "$TEST_TMP/delete-sys.out")"
  k patch gpupool fin-test --type=merge -p '{"metadata":{"finalizers":null}}' >/dev/null || fail "remove finalizer (merge)"
  wait_exit 60 "$delete_pid"
  [[ $BG_RC -eq 0 ]] || fail "$SYS_KUBECTL delete exited $BG_RC: $(cat "$TEST_TMP/delete-sys.out")"
  expect_fail "fin-test gone (sys)" "not found" k get gpupool fin-test
  pass "delete waits for the finalizer via $SYS_KUBECTL"
fi
