#!/usr/bin/env bash
# Startup errors: bad flags exit 2, bad client config exits 1, both with a
# clear one-line reason; a busy port is a startup error too.
source "$GPUPOOL_ROOT/tests/lib.sh"
OP="$GPUPOOL_BIN/gpupool-operator"

rc=0; "$OP" --no-such-flag 2>"$TEST_TMP/err" || rc=$?
assert_eq "unknown flag exit" 2 "$rc"
assert_contains "unknown flag message" "$(cat "$TEST_TMP/err")" "unknown flag --no-such-flag"
rc=0; "$OP" --log-format xml 2>"$TEST_TMP/err" || rc=$?
assert_eq "bad --log-format exit" 2 "$rc"
assert_contains "bad --log-format message" "$(cat "$TEST_TMP/err")" '--log-format: expected json or text, got "xml"'
rc=0; "$OP" --metrics-bind-address 8080 2>"$TEST_TMP/err" || rc=$?
assert_eq "bad bind address exit" 2 "$rc"
rc=0; "$OP" --concurrency 2>"$TEST_TMP/err" || rc=$?
assert_eq "missing value exit" 2 "$rc"
assert_contains "missing value message" "$(cat "$TEST_TMP/err")" "flag --concurrency needs a value"
assert_contains "--help" "$("$OP" --help)" "--leader-election-id"
pass "bad flags exit 2 with a clear message"

# A kubeconfig whose user runs an exec plugin (not supported) -> exit 1.
cat >"$TEST_TMP/exec.kubeconfig" <<'YAML'
apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: get-token, interactiveMode: Never}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
YAML
rc=0; "$OP" --kubeconfig "$TEST_TMP/exec.kubeconfig" --metrics-bind-address 0 --health-probe-bind-address 0 \
  2>"$TEST_TMP/err" || rc=$?
assert_eq "exec kubeconfig exit" 1 "$rc"
assert_contains "exec kubeconfig message" "$(cat "$TEST_TMP/err")" "invalid client configuration"
assert_contains "exec kubeconfig names exec" "$(cat "$TEST_TMP/err")" "exec"
rc=0; "$OP" --kubeconfig "$TEST_TMP/missing" 2>"$TEST_TMP/err" || rc=$?
assert_eq "missing kubeconfig exit" 1 "$rc"
pass "bad client config exits 1 with a clear message"

# Port already in use -> exit 1.
start_sim "$TEST_TMP/sim"
install_crds
port=$(free_port)
python3 -c 'import socket,sys,time; s=socket.socket(); s.bind(("127.0.0.1",int(sys.argv[1]))); s.listen(); time.sleep(60)' "$port" &
STARTED_PIDS+=("$!")
wait_for 10 "port holder listening" bash -c "exec 3<>/dev/tcp/127.0.0.1/$port"
rc=0; "$OP" --kubeconfig "$KUBECONFIG" --metrics-bind-address 0 --health-probe-bind-address "127.0.0.1:$port" \
  2>"$TEST_TMP/err" || rc=$?
assert_eq "busy port exit" 1 "$rc"
assert_contains "busy port message" "$(cat "$TEST_TMP/err")" "cannot listen on 127.0.0.1:$port"
pass "busy health port exits 1"
