#!/usr/bin/env bash
# A watch dropped by the server (admin /watches/drop) and resumed from the
# last resourceVersion seen loses no event and repeats none; a no-op write
# emits no event.
source "$GPUPOOL_ROOT/tests/lib.sh"

start_sim "$TEST_TMP/state"
CM=/api/v1/namespaces/default/configmaps
cm() { printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s"},"data":{"k":"%s"}}' "$1" "$2"; }
json=(-H 'Content-Type: application/json')

expect_status 201 POST "$CM" "${json[@]}" -d "$(cm a 1)"
rv0=$(body | jq -r .metadata.resourceVersion)

kwatch_start "$CM?watch=1&resourceVersion=$rv0" "$TEST_TMP/w1"
wait_for 10 "watch open" watches_open 1
expect_status 201 POST "$CM" "${json[@]}" -d "$(cm b 1)"
expect_status 200 GET "$CM/a"
expect_status 200 PUT "$CM/a" "${json[@]}" -d "$(body | jq -c '.data.k="2"')"
wait_for 10 "two events on the first watch" line_count "$TEST_TMP/w1" 2

admin_post /watches/drop >/dev/null
wait_for 10 "dropped watch to end" pid_gone "$WATCH_PID"
last_rv=$(tail -n1 "$TEST_TMP/w1" | jq -r .object.metadata.resourceVersion)

# Changes while nobody watches.
expect_status 201 POST "$CM" "${json[@]}" -d "$(cm c 1)"
expect_status 200 DELETE "$CM/b"

kwatch_start "$CM?watch=1&resourceVersion=$last_rv" "$TEST_TMP/w2"
wait_for 10 "resumed watch delivers the missed events" line_count "$TEST_TMP/w2" 2

seen=$(cat "$TEST_TMP/w1" "$TEST_TMP/w2" | jq -r '"\(.type) \(.object.metadata.name)"' | paste -sd, -)
assert_eq "events across the drop" "ADDED b,MODIFIED a,ADDED c,DELETED b" "$seen"
rvs=$(cat "$TEST_TMP/w1" "$TEST_TMP/w2" | jq -r .object.metadata.resourceVersion)
[[ $(sort -n <<<"$rvs" | uniq | paste -sd, -) == $(paste -sd, - <<<"$rvs") ]] \
  || fail "resourceVersions not strictly increasing: $rvs"
pass "dropped watch resumed from last RV without loss or duplicates"

# No-op write: same content, current RV -> same RV back, no event.
expect_status 200 GET "$CM/c"
obj=$(body)
rv_c=$(jq -r .metadata.resourceVersion <<<"$obj")
expect_status 200 PUT "$CM/c" "${json[@]}" -d "$obj"
assert_eq "no-op PUT keeps resourceVersion" "$rv_c" "$(body | jq -r .metadata.resourceVersion)"
expect_status 200 PATCH "$CM/c" -H 'Content-Type: application/merge-patch+json' -d '{"data":{"k":"1"}}'
assert_eq "no-op PATCH keeps resourceVersion" "$rv_c" "$(body | jq -r .metadata.resourceVersion)"
# A real change afterwards must be the very next event.
expect_status 200 PATCH "$CM/c" -H 'Content-Type: application/merge-patch+json' -d '{"data":{"k":"2"}}'
wait_for 10 "event for the real change" line_count "$TEST_TMP/w2" 3
assert_eq "event after no-op writes" "MODIFIED c 2" "$(tail -n1 "$TEST_TMP/w2" | jq -r '"\(.type) \(.object.metadata.name) \(.object.data.k)"')"
assert_eq "no extra events" 3 "$(wc -l <"$TEST_TMP/w2" | tr -d ' ')"
pass "no-op writes emit no watch event"
