# shellcheck shell=bash
# Shared helpers for benchmarks (source after tests/lib.sh, whose cleanup trap
# stops every process we start and whose $TEST_TMP holds the logs).
# A result is one stdout line "name value unit"; bench_done writes them all as
# JSON to $BENCH_OUT when that is set.
BENCH_NAME=$(basename "${BASH_SOURCE[1]}" .sh)
BENCH_RESULTS="$TEST_TMP/bench-results.jsonl"
: >"$BENCH_RESULTS"

# result NAME VALUE UNIT: records and prints one measurement.
result() {
  echo "$1 $2 $3"
  jq -cn --arg n "$1" --arg v "$2" --arg u "$3" '{name: $n, value: ($v | tonumber? // $v), unit: $u}' >>"$BENCH_RESULTS"
}

# bench_done: writes {"benchmark", "host", "results": [...]} to $BENCH_OUT (if set).
bench_done() {
  [[ -n ${BENCH_OUT:-} ]] || return 0
  mkdir -p "$(dirname "$BENCH_OUT")"
  jq -s --arg b "$BENCH_NAME" --arg cpus "$(nproc)" --arg d "$(date -u +%FT%TZ)" \
    '{benchmark: $b, date: $d, cpus: ($cpus | tonumber), results: .}' "$BENCH_RESULTS" >"$BENCH_OUT"
  echo "wrote $BENCH_OUT"
}

# now_ms: wall clock in milliseconds (for durations finer than $SECONDS).
now_ms() { date +%s%3N; }
# since_s START_MS: seconds elapsed since START_MS, 2 decimals.
since_s() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.2f", (b - a) / 1000 }'; }

# rss_mb PID: resident set size of PID in MB (VmRSS from /proc).
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# log_field LOG MSG FIELD: FIELD of the last JSON log line whose msg is MSG.
log_field() { jq -r --arg m "$2" "select(.msg == \$m) | .$3" "$1" 2>/dev/null | tail -n1; }

# curl_transfer METHOD PATH DATA CONTENT_TYPE: prints one transfer of a curl
# config file (see curl_batch) against the simulated Kubernetes API; DATA may
# be @FILE. Every transfer repeats the CA and token: `next` resets them.
curl_transfer() {
  [[ -n ${SIM_TOKEN_SET:-} ]] || sim_credentials
  printf 'url = "%s%s"\nrequest = "%s"\ndata-binary = "%s"\n' "$KUBE_URL" "$2" "$1" "${3//\"/\\\"}"
  printf 'header = "Authorization: Bearer %s"\nheader = "Content-Type: %s"\n' "$SIM_TOKEN" "$4"
  [[ -n $SIM_CA_FILE ]] && printf 'cacert = "%s"\n' "$SIM_CA_FILE"
  printf 'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nnext\n'
}

# curl_batch CONFIG PARALLEL: runs every transfer of CONFIG with one curl
# process over PARALLEL connections; prints one HTTP status per transfer.
curl_batch() {
  [[ -n ${SIM_TOKEN_SET:-} ]] || sim_credentials
  sed '$d' "$1" >"$1.run"  # a trailing `next` would start an empty transfer
  curl -sS --no-progress-meter --parallel --parallel-max "$2" -K "$1.run"
}
# peak_rss_mb PID: the highest RSS PID has had so far (VmHWM), in MB.
peak_rss_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# paused_pool_json NAME: a paused 4-target GPUPool naming the simulator's
# clusters (which need not exist: a paused pool never reads them).
paused_pool_json() {
  cat <<JSON
{"apiVersion":"gpupool.io/v1alpha1","kind":"GPUPool","metadata":{"name":"$1"},
 "spec":{"gpus":64,"gpuType":"H100","paused":true,"targets":[
  {"name":"gke","cloudClusterRef":"gke-sim","machineType":"a3-highgpu-8g","gpusPerNode":8,"priority":0,"maxNodes":8},
  {"name":"aks","cloudClusterRef":"aks-sim","machineType":"Standard_ND96isr_H100_v5","gpusPerNode":8,"priority":1,"maxNodes":8},
  {"name":"oke","cloudClusterRef":"oke-sim","machineType":"BM.GPU.H100.8","gpusPerNode":8,"priority":2,"maxNodes":8},
  {"name":"coreweave","cloudClusterRef":"coreweave-sim","machineType":"gd-8xh100ib-i128","gpusPerNode":8,"priority":3,"maxNodes":8}]}}
JSON
}

# create_paused_pools N PARALLEL: POSTs pool-1..pool-N (paused_pool_json) with
# one curl process over PARALLEL keep-alive connections (kubectl apply would
# be one GET + one POST per object, in sequence); records create_seconds and
# fails unless all N were created.
create_paused_pools() {
  local n=$1 par=$2 i t0 api=/apis/gpupool.io/v1alpha1/namespaces/default/gpupools
  mkdir -p "$TEST_TMP/pools"
  for i in $(seq 1 "$n"); do
    paused_pool_json "pool-$i" >"$TEST_TMP/pools/$i.json"
    curl_transfer POST "$api" "@$TEST_TMP/pools/$i.json" application/json
  done >"$TEST_TMP/create.curl"
  t0=$(now_ms)
  curl_batch "$TEST_TMP/create.curl" "$par" >"$TEST_TMP/create.codes"
  result create_seconds "$(since_s "$t0")" s
  assert_eq "pools created (HTTP 201)" "$n" "$(grep -c '^201$' "$TEST_TMP/create.codes" || true)"
}
