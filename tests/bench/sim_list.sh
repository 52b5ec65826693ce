#!/usr/bin/env bash
# Simulator LIST cost: BENCH_POOLS GPUPools (default 10000, 4 targets each,
# created with the same parallel POSTs as operator_scale.sh), then the wall
# time of one full LIST with kubectl (-o json and the default table), with
# curl in one request, and with curl paging by ?limit=500 (continue tokens).
# Each is run BENCH_REPEAT times (default 3); the best time is reported.
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/bench/bench_lib.sh"
N=${BENCH_POOLS:-10000}
REPEAT=${BENCH_REPEAT:-3}
API=/apis/gpupool.io/v1alpha1/namespaces/default/gpupools

start_sim "$TEST_TMP/sim" --log-level warn
install_crds
create_paused_pools "$N" 8

# best_of NAME CMD...: runs CMD $REPEAT times, records the fastest in seconds.
best_of() {
  local name=$1 best="" t0 t; shift
  for _ in $(seq "$REPEAT"); do
    t0=$(now_ms)
    "$@" >"$TEST_TMP/out" || fail "$name failed"
    t=$(since_s "$t0")
    best=$(awk -v a="${best:-$t}" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
  done
  result "$name" "$best" s
}
# count_items: items in the JSON list just written to $TEST_TMP/out.
count_items() { jq '.items | length' "$TEST_TMP/out"; }

# curl_list: one unpaged LIST (the body goes to $TEST_TMP/out).
curl_list() { [[ $(kapi GET "$API") == 200 ]] && cat "$TEST_TMP/body"; }
# curl_paged LIMIT: LIST in pages following metadata.continue, each page
# kept in $TEST_TMP/pages/ (the token is cut out with grep, not parsed, so
# the time is the server's and the transfer's; items are counted afterwards).
curl_paged() {
  local cont="" n=0
  rm -rf "$TEST_TMP/pages"; mkdir -p "$TEST_TMP/pages"
  while :; do
    [[ $(kapi GET "$API?limit=$1${cont:+&continue=$cont}") == 200 ]] || return 1
    mv "$TEST_TMP/body" "$TEST_TMP/pages/$((++n)).json"
    cont=$(grep -o '"continue":"[^"]*"' "$TEST_TMP/pages/$n.json" | cut -d'"' -f4 || true)
    [[ -n $cont ]] || break
  done
}
paged_items() { cat "$TEST_TMP"/pages/*.json | jq -s 'map(.items | length) | add'; }

best_of kubectl_list_json_s k get gpupools -o json
assert_eq "kubectl -o json items" "$N" "$(count_items)"
best_of kubectl_list_table_s k get gpupools
assert_eq "kubectl table rows" "$((N + 1))" "$(wc -l <"$TEST_TMP/out" | tr -d ' ')"
best_of curl_list_s curl_list
assert_eq "curl items" "$N" "$(count_items)"
result list_bytes "$(stat -c %s "$TEST_TMP/out")" bytes
best_of curl_list_limit500_s curl_paged 500
assert_eq "paged items" "$N" "$(paged_items)"
result list_limit500_pages "$(ls "$TEST_TMP/pages" | wc -l)" pages
bench_done
