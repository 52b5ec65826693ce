#!/usr/bin/env bash
# Leader handover with the operator's default lease settings (lease 15s,
# renew deadline 10s, retry 2s): two operators with --leader-elect; time from
# SIGKILL of the leader until the standby logs "became leader" (expected up
# to ~20 s: the lease must expire as seen by the standby, then its next retry)
# and from SIGTERM of the leader (which releases the lease) until a fresh
# standby leads (expected: one retry period, <= ~2.4 s). Also checks the new
# leader's leader_election_master_status metric.
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/bench/bench_lib.sh"
start_sim "$TEST_TMP/sim" --log-level warn
install_crds

declare -A PID MPORT HPORT
launch() {
  start_operator "$1" --leader-elect
  PID[$1]=$OP_PID; MPORT[$1]=$OP_METRICS_PORT; HPORT[$1]=$OP_HEALTH_PORT
}
leading() { grep -q '"became leader' "$TEST_TMP/$1.log"; }
master_status() {
  local m; m=$(curl -sf "http://127.0.0.1:${MPORT[$1]}/metrics") || return 1
  awk '/^leader_election_master_status/ { print $2 }' <<<"$m"
}
master_is() { [[ $(master_status "$1") == "$2" ]]; }

launch a
wait_for 60 "a leads" leading a
launch b
wait_for 60 "b ready (standby)" operator_ready "${HPORT[b]}"

# SIGKILL: the lease is left to expire.
t0=$(now_ms)
{ kill -KILL "${PID[a]}"; wait "${PID[a]}"; } 2>/dev/null || true  # (quiet: no "Killed" notice)
forget_pid "${PID[a]}"
wait_for 60 "b leads after SIGKILL of a" leading b
result sigkill_handover_s "$(since_s "$t0")" s
wait_for 10 "b reports leader_election_master_status 1" master_is b 1

# SIGTERM: the leader releases the lease on the way out.
launch c
wait_for 60 "c ready (standby)" operator_ready "${HPORT[c]}"
assert_eq "c is standby" 0 "$(master_status c)"
kill -TERM "${PID[b]}"
t0=$(now_ms)
wait_for 60 "c leads after SIGTERM of b" leading c
result sigterm_handover_s "$(since_s "$t0")" s
wait_exit 60 "${PID[b]}"
assert_eq "b exit code" 0 "$BG_RC"
bench_done
