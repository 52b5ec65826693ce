#!/usr/bin/env bash
# 50 concurrent watches each get every event promptly, survive a burst of
# ordinary requests, and all end cleanly when the simulator is stopped.
source "$GPUPOOL_ROOT/tests/lib.sh"

start_sim "$TEST_TMP/state"
CM=/api/v1/namespaces/default/configmaps
N=50
pids=()
for i in $(seq $N); do
  kwatch_start "$CM?watch=1&resourceVersion=0" "$TEST_TMP/w$i"
  pids+=("$WATCH_PID")
done
wait_for 30 "$N watches open" watches_open $N

for i in $(seq 20); do
  expect_status 201 POST "$CM" -H 'Content-Type: application/json' -d "{\"metadata\":{\"name\":\"cm$i\"}}"
done
all_have() { for i in $(seq $N); do line_count "$TEST_TMP/w$i" 20 || return 1; done; }
wait_for 30 "every watch to see 20 events" all_have
for i in $(seq $N); do
  assert_eq "watch $i events" "$(seq -f 'cm%g' 20 | paste -sd, -)" \
    "$(jq -r .object.metadata.name "$TEST_TMP/w$i" | paste -sd, -)"
done
pass "$N watches each received all 20 events in order"

start=$SECONDS
kill -TERM "$SIM_PID"
wait_for 15 "simulator to exit" pid_gone "$SIM_PID"
rc=0; wait "$SIM_PID" || rc=$?
assert_eq "exit code" 0 "$rc"
((SECONDS - start <= 5)) || fail "shutdown with $N watches took $((SECONDS - start))s"
for p in "${pids[@]}"; do
  wait_for 5 "watch client $p to end" pid_gone "$p"
  rc=0; wait "$p" || rc=$?
  assert_eq "watch client $p exit" 0 "$rc"
done
pass "all $N watches ended cleanly on SIGTERM"
