#!/usr/bin/env bash
# Process contract: --help, bad flags (exit 2), port in use (exit 1), admin
# fault injection and stats, and SIGTERM with an open watch: the watch ends
# cleanly and the simulator exits 0.
source "$GPUPOOL_ROOT/tests/lib.sh"
SIM="$GPUPOOL_BIN/gpupool-sim"

"$SIM" --help >"$TEST_TMP/help" || fail "--help exit code"
assert_contains "--help" "$(cat "$TEST_TMP/help")" "--state-dir DIR"
rc=0; "$SIM" --state-dir "$TEST_TMP/x" --bogus 2>"$TEST_TMP/err" || rc=$?
assert_eq "unknown flag exit code" 2 "$rc"
assert_contains "unknown flag message" "$(cat "$TEST_TMP/err")" "unknown flag: --bogus"
rc=0; "$SIM" 2>"$TEST_TMP/err" || rc=$?
assert_eq "missing --state-dir exit code" 2 "$rc"
rc=0; "$SIM" --state-dir "$TEST_TMP/x" --port-base nope 2>/dev/null || rc=$?
assert_eq "bad --port-base exit code" 2 "$rc"
pass "flag handling"

start_sim "$TEST_TMP/state"
sim_credentials
port=${KUBE_URL##*:}
rc=0; "$SIM" --state-dir "$TEST_TMP/second" --port-base "$port" 2>"$TEST_TMP/second.log" || rc=$?
assert_eq "port in use exit code" 1 "$rc"
assert_contains "port in use message" "$(cat "$TEST_TMP/second.log")" "cannot listen"
[[ ! -e $TEST_TMP/second/endpoints.json ]] || fail "endpoints.json written by a failed start"
pass "port in use -> exit 1, no endpoints.json"

CM=/api/v1/namespaces/default/configmaps
admin_post /faults '{"count":1,"status":429,"retryAfterSeconds":2,"pathPrefix":"/api/v1"}' >/dev/null
code=$(kapi GET "$CM" -D "$TEST_TMP/headers")
assert_eq "injected fault" 429 "$code"
assert_eq "fault reason" TooManyRequests "$(body | jq -r .reason)"
grep -qi '^retry-after: 2' "$TEST_TMP/headers" || fail "no Retry-After header: $(cat "$TEST_TMP/headers")"
expect_status 200 GET "$CM"
pass "admin /faults injects one 429 with Retry-After"

curl -sS -f "$ADMIN_URL/stats" | jq -e '.resourceVersion and (.transport.kubeOpenStreams == 0)' >/dev/null \
  || fail "stats: $(curl -sS "$ADMIN_URL/stats")"
pass "admin /stats"

crd='{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
 "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},
 "versions":[{"name":"v1","served":true,"storage":true,
   "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}'
admin_post /crds "$crd" | jq -e '.installed == "widgets.example.com"' >/dev/null || fail "admin /crds"
widgets_served() { [[ $(kapi GET /apis/example.com/v1/namespaces/default/widgets) == 200 ]]; }
wait_for 10 "widgets served" widgets_served
pass "admin /crds installs an Established CRD"

admin_post /latency '{"ms":400}' >/dev/null
t=$(curl -sS -o /dev/null -w '%{time_total}' --cacert "$SIM_CA_FILE" -H "Authorization: Bearer $SIM_TOKEN" "$KUBE_URL/version")
awk -v t="$t" 'BEGIN { exit !(t >= 0.4) }' || fail "latency not applied: ${t}s"
admin_post /latency '{"ms":0}' >/dev/null
pass "admin /latency delays requests (${t}s)"

kwatch_start "$CM?watch=1" "$TEST_TMP/w"
wait_for 10 "watch open" watches_open 1
kill -TERM "$SIM_PID"
wait_for 15 "simulator to exit" pid_gone "$SIM_PID"
rc=0; wait "$SIM_PID" || rc=$?
assert_eq "exit code after SIGTERM" 0 "$rc"
wait_for 5 "watch client to finish" pid_gone "$WATCH_PID"
rc=0; wait "$WATCH_PID" || rc=$?
assert_eq "watch stream ended cleanly (curl exit)" 0 "$rc"
grep -q "stopped" "$TEST_TMP/sim.log" || fail "no 'stopped' log line"
pass "SIGTERM ends watches and exits 0"
