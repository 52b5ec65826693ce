#!/usr/bin/env bash
# --persist: after a clean restart objects are still there, resourceVersions
# keep growing, and the old kubeconfig (same URL, CA and token) still works;
# with --port-base the ports are the given ones across restarts.
source "$GPUPOOL_ROOT/tests/lib.sh"

CM=/api/v1/namespaces/default/configmaps
json=(-H 'Content-Type: application/json')

start_sim "$TEST_TMP/state" --persist
expect_status 201 POST "$CM" "${json[@]}" -d '{"metadata":{"name":"keep"},"data":{"k":"1"}}'
uid=$(body | jq -r .metadata.uid)
expect_status 200 PATCH "$CM/keep" -H 'Content-Type: application/merge-patch+json' -d '{"data":{"k":"2"}}'
rv1=$(body | jq -r .metadata.resourceVersion)
cp "$KUBECONFIG" "$TEST_TMP/kubeconfig.1"
url1=$KUBE_URL
stop_pid "$SIM_PID"; wait "$SIM_PID" || fail "simulator did not exit 0 on SIGTERM"

start_sim "$TEST_TMP/state" --persist
assert_eq "kube URL after restart" "$url1" "$KUBE_URL"
cmp -s "$KUBECONFIG" "$TEST_TMP/kubeconfig.1" || fail "kubeconfig changed across a --persist restart"
export KUBECONFIG="$TEST_TMP/kubeconfig.1"
sim_credentials
expect_status 200 GET "$CM/keep"
assert_eq "data after restart" 2 "$(body | jq -r .data.k)"
assert_eq "uid after restart" "$uid" "$(body | jq -r .metadata.uid)"
assert_eq "resourceVersion after restart" "$rv1" "$(body | jq -r .metadata.resourceVersion)"
expect_status 201 POST "$CM" "${json[@]}" -d '{"metadata":{"name":"new"}}'
rv2=$(body | jq -r .metadata.resourceVersion)
((rv2 > rv1)) || fail "resourceVersion did not grow across the restart: $rv1 -> $rv2"
assert_eq "kubectl with the old kubeconfig" "2" "$(k get configmap keep -o jsonpath='{.data.k}')"
pass "--persist keeps objects, credentials and URL; RV grows ($rv1 -> $rv2)"
stop_pid "$SIM_PID"; wait "$SIM_PID" || fail "simulator did not exit 0 on SIGTERM"

# --port-base: six free adjacent ports (kube, admin, four clouds), the same after a restart.
base=$(free_port_base 6) || fail "no six free adjacent ports"
start_sim "$TEST_TMP/ports" --persist --port-base "$base"
assert_eq "kube port" "https://127.0.0.1:$base" "$KUBE_URL"
assert_eq "admin port" "http://127.0.0.1:$((base + 1))" "$ADMIN_URL"
stop_pid "$SIM_PID"; wait "$SIM_PID" || fail "exit code"
start_sim "$TEST_TMP/ports" --persist --port-base "$base"
assert_eq "kube port after restart" "https://127.0.0.1:$base" "$KUBE_URL"
expect_status 200 GET /version
pass "--port-base ports stay the same across restarts"
