#!/usr/bin/env bash
# After admin /history/compact, resuming a watch from an older RV gives 200
# then one ERROR event carrying a 410 Expired Status, and the stream closes;
# a fresh list + watch from the list RV works again.
source "$GPUPOOL_ROOT/tests/lib.sh"

start_sim "$TEST_TMP/state"
CM=/api/v1/namespaces/default/configmaps
json=(-H 'Content-Type: application/json')

expect_status 201 POST "$CM" "${json[@]}" -d '{"metadata":{"name":"a"},"data":{"k":"1"}}'
old_rv=$(body | jq -r .metadata.resourceVersion)
expect_status 200 PATCH "$CM/a" -H 'Content-Type: application/merge-patch+json' -d '{"data":{"k":"2"}}'
admin_post /history/compact >/dev/null

kwatch_start "$CM?watch=1&resourceVersion=$old_rv" "$TEST_TMP/w"
wait_for 10 "expired watch to close" pid_gone "$WATCH_PID"
wait "$WATCH_PID" || fail "curl on the expired watch failed: $(cat "$TEST_TMP/w.err")"
assert_eq "events on the expired watch" 1 "$(wc -l <"$TEST_TMP/w" | tr -d ' ')"
ev=$(cat "$TEST_TMP/w")
assert_eq "event type" ERROR "$(jq -r .type <<<"$ev")"
assert_eq "status code" 410 "$(jq -r .object.code <<<"$ev")"
assert_eq "status reason" Expired "$(jq -r .object.reason <<<"$ev")"
assert_eq "status kind" Status "$(jq -r .object.kind <<<"$ev")"
assert_contains "status message" "$(jq -r .object.message <<<"$ev")" "too old resource version"
pass "watch from a compacted RV gets 410 Expired"

# Relist, then watch from the list's RV: works and sees the next change.
expect_status 200 GET "$CM"
list_rv=$(body | jq -r .metadata.resourceVersion)
kwatch_start "$CM?watch=1&resourceVersion=$list_rv" "$TEST_TMP/w2"
wait_for 10 "watch open" watches_open 1
expect_status 200 PATCH "$CM/a" -H 'Content-Type: application/merge-patch+json' -d '{"data":{"k":"3"}}'
wait_for 10 "event after relist" line_count "$TEST_TMP/w2" 1
assert_eq "event after relist" "MODIFIED 3" "$(jq -r '"\(.type) \(.object.data.k)"' "$TEST_TMP/w2")"
pass "relist + watch after compaction works"
