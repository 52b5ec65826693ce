#!/usr/bin/env bash
# A PUT carrying a stale resourceVersion gets 409 Conflict with the real
# optimistic-lock message; the stored object is unchanged.
source "$GPUPOOL_ROOT/tests/lib.sh"

start_sim "$TEST_TMP/state"
CM=/api/v1/namespaces/default/configmaps
json=(-H 'Content-Type: application/json')

expect_status 201 POST "$CM" "${json[@]}" -d '{"metadata":{"name":"a"},"data":{"k":"1"}}'
stale=$(body)
expect_status 200 PUT "$CM/a" "${json[@]}" -d "$(jq -c '.data.k="2"' <<<"$stale")"
expect_status 409 PUT "$CM/a" "${json[@]}" -d "$(jq -c '.data.k="3"' <<<"$stale")"
assert_eq "kind" Status "$(body | jq -r .kind)"
assert_eq "reason" Conflict "$(body | jq -r .reason)"
assert_eq "code" 409 "$(body | jq -r .code)"
assert_eq "message" \
  'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again' \
  "$(body | jq -r .message)"
expect_status 200 GET "$CM/a"
assert_eq "stored value after the conflict" 2 "$(body | jq -r .data.k)"
pass "stale PUT -> 409 Conflict with the optimistic-lock message"
