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
  "$GPUPOOL_BIN/gpupool-sim" --state-dir "$dir" "$@" >"$TEST_TMP/sim.log" 2>&1 &
  SIM_PID=$!
  STARTED_PIDS+=("$SIM_PID")
  wait_for 30 "simulator endpoints.json" test -s "$dir/endpoints.json"
  export KUBECONFIG="$dir/kubeconfig"
  KUBE_URL=$(jq -r .kube "$dir/endpoints.json")
  ADMIN_URL=$(jq -r .admin "$dir/endpoints.json")
}

# stop_pid PID: SIGTERM and wait.
stop_pid() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

# Runs the setup-installed kubectl with the test kubeconfig.
k() { "$KUBECTL" "$@"; }
