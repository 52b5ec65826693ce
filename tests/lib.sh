# Shared helpers for integration tests (source it). Every process a test starts
# is recorded by PID and stopped on exit; nothing else is touched.
set -euo pipefail
GPUPOOL_ROOT="${GPUPOOL_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
GPUPOOL_BIN="${GPUPOOL_BIN:-$GPUPOOL_ROOT/build/bin}"
TOOLS_BIN="$GPUPOOL_ROOT/.tools/bin"
KUBECTL="${KUBECTL:-$TOOLS_BIN/kubectl}"
HELM="${HELM:-$TOOLS_BIN/helm}"

TEST_TMP="$(mktemp -d "${TMPDIR:-/tmp}/gpupool-test.XXXXXX")"
STARTED_PIDS=()
# kubectl keeps a discovery cache; give each test its own.
export HOME="$TEST_TMP/home"; mkdir -p "$HOME"

cleanup() {
  local rc=$?
  for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ $rc -ne 0 ]]; then
    echo "---- test failed (rc=$rc); logs in $TEST_TMP ----" >&2
    for f in "$TEST_TMP"/*.log; do [[ -f $f ]] && { echo "== $f" >&2; tail -n 40 "$f" >&2; }; done
  else
    rm -rf "$TEST_TMP"
  fi
  exit $rc
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# wait_for TIMEOUT_SECONDS DESCRIPTION CMD...: polls CMD until it succeeds.
wait_for() {
  local timeout=$1 what=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "timed out after ${timeout}s waiting for: $what"
    sleep 0.2
  done
}

# start_sim STATE_DIR [ARGS...]: starts gpupool-sim and waits for endpoints.json.
# Sets SIM_PID, KUBECONFIG, KUBE_URL, ADMIN_URL.
start_sim() {
  local dir=$1; shift
  mkdir -p "$dir"
  rm -f "$dir/endpoints.json"
  "$GPUPOOL_BIN/gpupool-sim" --state-dir "$dir" "$@" >>"$TEST_TMP/sim.log" 2>&1 &
  SIM_PID=$!
  STARTED_PIDS+=("$SIM_PID")
  wait_for 30 "simulator endpoints.json" test -s "$dir/endpoints.json"
  export KUBECONFIG="$dir/kubeconfig"
  SIM_DIR="$dir"
  SIM_TOKEN=""; SIM_TOKEN_SET=""
  KUBE_URL=$(jq -r .kube "$dir/endpoints.json")
  ADMIN_URL=$(jq -r .admin "$dir/endpoints.json")
}

# sim_credentials: reads the bearer token and CA from $KUBECONFIG (as a client
# would) into SIM_TOKEN and SIM_CA_FILE ("" when the kubeconfig has no CA).
sim_credentials() {
  SIM_TOKEN=$(sed -n 's/^ *token: "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$KUBECONFIG" | head -n1)
  local ca
  ca=$(sed -n 's/^ *certificate-authority-data: "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$KUBECONFIG" | head -n1)
  SIM_CA_FILE=""
  if [[ -n $ca ]]; then
    SIM_CA_FILE="$TEST_TMP/kubeconfig-ca.crt"
    printf '%s' "$ca" | base64 -d >"$SIM_CA_FILE"
  fi
  # --plain-http runs without authentication, so only HTTPS needs a token.
  [[ -n $SIM_TOKEN || -z $SIM_CA_FILE ]] || fail "no token in $KUBECONFIG"
  SIM_TOKEN_SET=1
}

# kapi METHOD PATH [CURL_ARGS...]: one request to the simulated Kubernetes API
# with the kubeconfig's CA and token. Prints the HTTP status; the body is in
# "$TEST_TMP/body" (see body).
kapi() {
  local method=$1 path=$2; shift 2
  [[ -n ${SIM_TOKEN_SET:-} ]] || sim_credentials
  local tls=()
  [[ -n $SIM_CA_FILE ]] && tls=(--cacert "$SIM_CA_FILE")
  curl -sS -o "$TEST_TMP/body" -w '%{http_code}' -X "$method" "${tls[@]}" \
    -H "Authorization: Bearer $SIM_TOKEN" "$@" "$KUBE_URL$path"
}
body() { cat "$TEST_TMP/body"; }

# expect_status WANT METHOD PATH [CURL_ARGS...]: kapi, failing unless the status is WANT.
expect_status() {
  local want=$1 got; shift
  got=$(kapi "$@") || fail "curl failed: $*"
  [[ $got == "$want" ]] || fail "$1 $2: want HTTP $want, got $got: $(body)"
}

# kwatch_start PATH OUTFILE: streams a watch into OUTFILE in the background
# (one JSON event per line); sets WATCH_PID (stopped on exit like the sim).
kwatch_start() {
  local path=$1 out=$2
  [[ -n ${SIM_TOKEN_SET:-} ]] || sim_credentials
  local tls=()
  [[ -n $SIM_CA_FILE ]] && tls=(--cacert "$SIM_CA_FILE")
  curl -sS -N "${tls[@]}" -H "Authorization: Bearer $SIM_TOKEN" "$KUBE_URL$path" >"$out" 2>"$out.err" &
  WATCH_PID=$!
  STARTED_PIDS+=("$WATCH_PID")
}

# admin_post PATH [JSON]: POST to the simulator's admin API; prints the reply.
admin_post() { curl -sS -f -X POST "$ADMIN_URL$1" -H 'Content-Type: application/json' -d "${2:-}"; }

# sim_open_watches: number of open watch streams the simulator reports.
sim_open_watches() { curl -sS -f "$ADMIN_URL/stats" | jq -r '.transport.kubeOpenStreams'; }
# watches_open N: true when exactly N watch streams are open (for wait_for).
watches_open() { [[ $(sim_open_watches) == "$1" ]]; }

# line_count FILE N: true once FILE has at least N lines.
line_count() { [[ -f $1 && $(wc -l <"$1") -ge $2 ]]; }

# pid_gone PID: true once PID has exited.
pid_gone() { ! kill -0 "$1" 2>/dev/null; }

# stop_pid PID: SIGTERM and wait.
stop_pid() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

# Runs the setup-installed kubectl with the test kubeconfig.
k() { "$KUBECTL" "$@"; }

# ---- kubectl acceptance helpers (tests/integration/kubectl_*.sh) ----

# The machine's kubectl: a version dispatcher that picks its client from the
# server's /version (kubernetes-api.md §7.1). Optional.
SYS_KUBECTL="${SYS_KUBECTL:-/usr/bin/kubectl}"
have_sys_kubectl() { [[ -x $SYS_KUBECTL ]]; }
k_sys() { "$SYS_KUBECTL" "$@"; }

# kubectl_clients: the kubectl binaries to run a check with (setup's, then the
# machine's dispatcher if present).
kubectl_clients() {
  echo "$KUBECTL"
  if have_sys_kubectl && [[ $(readlink -f "$SYS_KUBECTL") != $(readlink -f "$KUBECTL") ]]; then echo "$SYS_KUBECTL"; fi
}

# squash: collapse runs of blanks/newlines to one space (kubectl wraps and pads).
squash() { tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//'; }

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() { [[ "$2" == "$3" ]] || fail "$1: expected [$2], got [$3]"; }

# assert_contains WHAT HAYSTACK NEEDLE (fixed string)
assert_contains() {
  [[ "$2" == *"$3"* ]] || fail "$1: [$3] not found in output:
$2"
}

# expect_fail WHAT SUBSTRING CMD...: CMD must exit non-zero with SUBSTRING in
# its stderr. Prints nothing on success.
expect_fail() {
  local what=$1 want=$2; shift 2
  local out="$TEST_TMP/expect_fail.out" err="$TEST_TMP/expect_fail.err" rc=0
  "$@" >"$out" 2>"$err" || rc=$?
  [[ $rc -ne 0 ]] || fail "$what: expected a failure, but it succeeded: $(cat "$out")"
  grep -qF -- "$want" "$err" || fail "$what: exit $rc but stderr lacks [$want]; stderr was:
$(cat "$err")"
}

# expected_error FILE: the substring after '# expect: ' in FILE.
expected_error() { sed -n 's/^# expect: //p' "$1" | head -n 1; }

# install_crds [KUBECTL]: applies crds/ with default validation and waits for
# both CRDs to be Established.
install_crds() {
  local kc=${1:-$KUBECTL}
  "$kc" apply -f "$GPUPOOL_ROOT/crds/" >"$TEST_TMP/install_crds.out" 2>&1 \
    || fail "kubectl apply -f crds/: $(cat "$TEST_TMP/install_crds.out")"
  "$kc" wait --for=condition=Established --timeout=60s \
    crd/gpupools.gpupool.io crd/cloudclusters.gpupool.io >/dev/null \
    || fail "CRDs not Established"
}

# start_bg OUTFILE CMD...: runs CMD in the background (stdout+stderr to
# OUTFILE), records its PID for cleanup, sets BG_PID. CMD must be an
# executable (e.g. "$KUBECTL"), not a shell function, so that BG_PID is the
# process itself and stopping it leaves nothing behind.
start_bg() {
  local outfile=$1; shift
  "$@" >"$outfile" 2>&1 &
  BG_PID=$!
  STARTED_PIDS+=("$BG_PID")
}

# wait_exit TIMEOUT PID: waits for a background child to end; sets BG_RC.
wait_exit() {
  local timeout=$1 pid=$2
  wait_for "$timeout" "process $pid to exit" bash -c "! kill -0 $pid 2>/dev/null"
  BG_RC=0; wait "$pid" || BG_RC=$?
  forget_pid "$pid"
}

# stop_bg PID: stops a process started with start_bg and forgets it.
stop_bg() { stop_pid "$1"; wait "$1" 2>/dev/null || true; forget_pid "$1"; }

# forget_pid PID: drops an ended process from STARTED_PIDS.
forget_pid() {
  local rest=() p
  for p in "${STARTED_PIDS[@]}"; do [[ $p == "$1" ]] || rest+=("$p"); done
  STARTED_PIDS=("${rest[@]}")
}

# ---- operator helpers (tests/integration/operator_*.sh) ----

# free_port: prints a loopback TCP port that is free right now (the OS picks it).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_operator NAME [ARGS...]: starts gpupool-operator against the simulator
# on free metrics/health ports, logging to $TEST_TMP/NAME.log; records the PID.
# Sets OP_PID, OP_METRICS_PORT, OP_HEALTH_PORT.
start_operator() {
  local name=$1; shift
  OP_METRICS_PORT=$(free_port)
  OP_HEALTH_PORT=$(free_port)
  "$GPUPOOL_BIN/gpupool-operator" --kubeconfig "$KUBECONFIG" \
    --metrics-bind-address "127.0.0.1:$OP_METRICS_PORT" \
    --health-probe-bind-address "127.0.0.1:$OP_HEALTH_PORT" "$@" >"$TEST_TMP/$name.log" 2>&1 &
  OP_PID=$!
  STARTED_PIDS+=("$OP_PID")
}

# operator_ready HEALTH_PORT: true once /readyz answers 200.
operator_ready() { curl -sf "http://127.0.0.1:$1/readyz" >/dev/null; }

# table_row NAME: reads `kubectl get` table output on stdin and prints the row
# whose first column is NAME as cells joined by '|', split at the header's
# column starts, so empty cells (the server's null cells) stay visible.
table_row() {
  awk -v want="$1" '
    NR == 1 { n = 0
              for (i = 1; i <= length($0); i++) {
                c = substr($0, i, 1); p = (i == 1) ? " " : substr($0, i - 1, 1)
                if (c != " " && p == " ") start[++n] = i
              }
              next }
    { split($0, f, " "); if (f[1] != want) next
      out = ""
      for (j = 1; j <= n; j++) {
        len = (j < n) ? start[j + 1] - start[j] : length($0)
        v = substr($0, start[j], len); gsub(/^ +| +$/, "", v)
        out = out (j > 1 ? "|" : "") v
      }
      print out }'
}

# apply_secret NAME KEY=VALUE...: creates/updates an Opaque Secret in the
# default namespace with kubectl apply (kubectl 1.32's `create secret` sends
# protobuf, which gpupool-sim does not speak).
apply_secret() {
  local name=$1; shift
  local kv
  {
    printf 'apiVersion: v1\nkind: Secret\nmetadata: {name: %s}\nstringData:\n' "$name"
    for kv in "$@"; do printf '  %s: %s\n' "$(jq -Rn --arg s "${kv%%=*}" '$s')" "$(jq -Rn --arg s "${kv#*=}" '$s')"; done
  } | k apply -f - >/dev/null
}

# ---- cloud simulator helpers (tests/integration/sim_clouds*.sh) ----

# free_port_base N: prints a port P such that P .. P+N-1 are all free on
# 127.0.0.1 right now (gpupool-sim --port-base uses 6 consecutive ports).
free_port_base() {
  python3 - "$1" <<'PY'
import random, socket, sys
n = int(sys.argv[1])
for _ in range(200):
    base, held = random.randint(20000, 60000 - n), []
    try:
        for i in range(n):
            s = socket.socket(); held.append(s); s.bind(("127.0.0.1", base + i))
    except OSError:
        continue
    finally:
        for s in held: s.close()
    print(base); sys.exit(0)
sys.exit(1)
PY
}

# sim_endpoint JQ_PATH: a value from the running simulator's endpoints.json
# (e.g. sim_endpoint .gke, sim_endpoint .aks.login).
sim_endpoint() { jq -er "$1" "$SIM_DIR/endpoints.json"; }

# admin_get PATH: GET on the simulator's admin API; prints the reply.
admin_get() { curl -sS -f "$ADMIN_URL$1"; }

# admin_status METHOD PATH [JSON]: prints the HTTP status of an admin call;
# the reply body is in "$TEST_TMP/body" (see body).
admin_status() {
  curl -sS -o "$TEST_TMP/body" -w '%{http_code}' -X "$1" "$ADMIN_URL$2" -H 'Content-Type: application/json' -d "${3:-}"
}

# cloud_status URL [CURL_ARGS...]: HTTPS request to a simulated cloud,
# verified with the simulator's CA; prints the HTTP status, body in "$TEST_TMP/body".
cloud_status() {
  local url=$1; shift
  curl -sS -o "$TEST_TMP/body" -w '%{http_code}' --cacert "$SIM_DIR/ca.crt" "$@" "$url"
}

# ---- cloud credential helpers (tests/integration/operator_clouds*.sh) ----

# set_secret_key NAME KEY VALUE: replaces one data key of Secret NAME (default
# namespace) with kubectl replace, keeping the others.
set_secret_key() {
  local b64
  b64=$(printf '%s' "$3" | base64 -w0)
  k get secret "$1" -o json | jq --arg k "$2" --arg v "$b64" '.data[$k] = $v | del(.stringData)' \
    | k replace -f - >/dev/null
}

# secret_value NAME KEY: prints one decoded data value of Secret NAME.
secret_value() { k get secret "$1" -o json | jq -r --arg k "$2" '.data[$k] | @base64d'; }

# secret_needles VALUE...: prints, one per line, the strings a leak check
# should look for: each value's lines of >= 16 chars (PEM bodies are wrapped),
# minus PEM armor lines.
secret_needles() {
  local v
  for v in "$@"; do printf '%s\n' "$v"; done | grep -v -- '-----' | awk 'length($0) >= 16' | sort -u
}

# assert_no_leak WHAT FILE NEEDLES_FILE: FILE contains none of the lines of NEEDLES_FILE.
assert_no_leak() {
  [[ -s $3 ]] || fail "$1: no needles to look for"
  if grep -F -f "$3" "$2" >/dev/null; then
    fail "$1 contains secret material: $(grep -o -F -f "$3" "$2" | head -n1 | cut -c1-6)..."
  fi
}
