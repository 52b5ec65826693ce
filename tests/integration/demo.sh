#!/usr/bin/env bash
# scripts/demo (the README's first command) run non-interactively with the
# already-built binaries: it exits 0, prints the convergence, the failover
# away from the stocked-out GKE, the migration back (Ready GPUs never below
# 64), the final `kubectl get` and clouds table with all 8 nodes on GKE, and
# leaves none of its processes or its state directory behind.
source "$GPUPOOL_ROOT/tests/lib.sh"
OUT="$TEST_TMP/demo.out"
# The demo's state dir goes under TEST_TMP, so a leftover is easy to spot.
mkdir -p "$TEST_TMP/tmp"
start_bg "$OUT" env TMPDIR="$TEST_TMP/tmp" GPUPOOL_BUILD_DIR="$(dirname "$GPUPOOL_BIN")" \
  GPUPOOL_SKIP_SETUP=1 GPUPOOL_SKIP_BUILD=1 "$GPUPOOL_ROOT/scripts/demo"
DEMO_PID=$BG_PID
wait_exit 420 "$DEMO_PID"
[[ $BG_RC == 0 ]] || fail "scripts/demo exited $BG_RC:
$(tail -n 60 "$OUT")"
out=$(cat "$OUT")
pass "scripts/demo exited 0 ($(grep -o 'Done in [0-9]*s' "$OUT" || echo 'no timing'))"

assert_contains "convergence" "$out" "Ready: 32 GPUs on GKE"
assert_contains "failover Event" "$out" "FailedOver: gke failed; share moved to aks 0->4 nodes"
assert_contains "failover" "$out" "failover: GKE's resize failed with a stockout"
assert_contains "Ready again" "$out" "Ready again: 64 GPUs"
assert_contains "migration back" "$out" "migrated back: 64 GPUs on GKE, AKS drained; Ready GPUs never dropped below 64"
pass "printed the convergence, the failover and the migration back"

row=$(grep -E '^ +gpupool\.gpupool\.io/h100-training ' "$OUT" | squash)
assert_eq "kubectl get gpupools row" "gpupool.gpupool.io/h100-training H100 64 64 Priority True" "${row% *}"
gke=$(grep -E '^ +GKE +gpu-cluster ' "$OUT" | squash)
[[ $gke == *" a3-highgpu-8g 8 8 RUNNING" ]] || fail "clouds table GKE row: [$gke]"
pass "final kubectl get and clouds table show 64 GPUs on 8 GKE nodes"

for name in gpupool-sim gpupool-operator; do
  pid=$(sed -n "s/.*$name running (pid \([0-9]*\).*/\1/p" "$OUT")
  [[ -n $pid ]] || fail "the demo printed no $name pid"
  pid_gone "$pid" || fail "the demo left $name (pid $pid) running"
done
leftover=$(find "$TEST_TMP/tmp" -mindepth 1 -maxdepth 1)
[[ -z $leftover ]] || fail "the demo left its state behind: $leftover"
pass "the demo stopped its processes and removed its state"
