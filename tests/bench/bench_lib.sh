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
