#!/usr/bin/env bash
# Bad input never crashes the simulator: malformed JSON -> 400, unsupported
# content type -> 415, over-limit body -> 413, unknown path -> 404, garbage on
# the socket is dropped, bad admin input -> 400 JSON; it answers afterwards.
source "$GPUPOOL_ROOT/tests/lib.sh"

start_sim "$TEST_TMP/state"
CM=/api/v1/namespaces/default/configmaps

expect_status 400 POST "$CM" -H 'Content-Type: application/json' -d '{"metadata": {"name": '
assert_eq "malformed JSON: Status kind" Status "$(body | jq -r .kind)"
assert_eq "malformed JSON: code" 400 "$(body | jq -r .code)"
pass "malformed JSON -> 400 Status"

expect_status 415 POST "$CM" -H 'Content-Type: text/plain' -d '{"metadata":{"name":"a"}}'
assert_eq "POST text/plain: reason" UnsupportedMediaType "$(body | jq -r .reason)"
expect_status 201 POST "$CM" -H 'Content-Type: application/json' -d '{"metadata":{"name":"a"}}'
expect_status 415 PATCH "$CM/a" -H 'Content-Type: text/plain' -d '{"data":{"k":"v"}}'
assert_eq "PATCH text/plain: reason" UnsupportedMediaType "$(body | jq -r .reason)"
pass "unsupported content types -> 415 Status"

# 4 MiB > the 3 MiB limit; 'Expect:' keeps curl from waiting for 100-continue.
head -c $((4 * 1024 * 1024)) /dev/zero | tr '\0' 'x' >"$TEST_TMP/big"
expect_status 413 POST "$CM" -H 'Content-Type: application/json' -H 'Expect:' --data-binary @"$TEST_TMP/big"
assert_eq "huge body: reason" RequestEntityTooLarge "$(body | jq -r .reason)"
# Same without Content-Length (chunked upload).
expect_status 413 POST "$CM" -H 'Content-Type: application/json' -H 'Expect:' -H 'Transfer-Encoding: chunked' \
  --data-binary @"$TEST_TMP/big"
pass "huge body -> 413 Status"

expect_status 404 GET /apis/nope.example.com/v1/things
assert_eq "unknown group: reason" NotFound "$(body | jq -r .reason)"
expect_status 404 GET /definitely/not/kubernetes
assert_eq "unknown path: kind" Status "$(body | jq -r .kind)"
pass "unknown paths -> 404 Status"

# Raw garbage (not even TLS) on the API port, then a half-open connection.
port=${KUBE_URL##*:}
{ printf 'GARBAGE \x01\x02\xff\r\n\r\n' >&3; } 3<>"/dev/tcp/127.0.0.1/$port" || true
exec 4<>"/dev/tcp/127.0.0.1/$port"; exec 4>&-

# Admin API input validation.
code=$(curl -sS -o "$TEST_TMP/admin" -w '%{http_code}' -XPOST "$ADMIN_URL/faults" -d '{not json')
assert_eq "admin malformed JSON" 400 "$code"
assert_eq "admin error body" 400 "$(jq -r .code "$TEST_TMP/admin")"
code=$(curl -sS -o "$TEST_TMP/admin" -w '%{http_code}' -XPOST "$ADMIN_URL/faults" -d '{"count":1}')
assert_eq "admin missing status" 400 "$code"
assert_contains "admin missing status message" "$(jq -r .error "$TEST_TMP/admin")" '"status" is required'
code=$(curl -sS -o "$TEST_TMP/admin" -w '%{http_code}' -XPOST "$ADMIN_URL/latency" -d '{"ms":"fast"}')
assert_eq "admin wrong type" 400 "$code"
code=$(curl -sS -o "$TEST_TMP/admin" -w '%{http_code}' "$ADMIN_URL/nope")
assert_eq "admin unknown path" 404 "$code"
code=$(curl -sS -o "$TEST_TMP/admin" -w '%{http_code}' "$ADMIN_URL/faults")
assert_eq "admin wrong method" 405 "$code"
pass "admin API rejects bad input with JSON errors"

kill -0 "$SIM_PID" || fail "simulator died"
expect_status 200 GET /version
expect_status 200 GET "$CM/a"
curl -sS -f "$ADMIN_URL/healthz" >/dev/null || fail "admin healthz"
pass "simulator still answers after bad input"
