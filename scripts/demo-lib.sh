# shellcheck shell=bash disable=SC2034  # KEEP_STATE is read by scripts/demo
# Helpers for scripts/demo (sourced): starting and stopping exactly the
# processes the demo owns, bounded waits that show per-target progress and new
# GPUPool Events only when something changed, and the clouds' pools as a table.
# Expects ROOT, BIN, KUBECTL, STATE, POOL and (after start_sim) ADMIN.

if [[ -t 1 ]]; then B=$'\033[1m' D=$'\033[2m' G=$'\033[32m' Y=$'\033[33m' R=$'\033[31m' N=$'\033[0m'
else B="" D="" G="" Y="" R="" N=""; fi
T0=$SECONDS
PIDS=()

step() { printf '\n%s== %s%s %s(%ss)%s\n' "$B" "$*" "$N" "$D" "$((SECONDS - T0))" "$N"; }
say() { printf '   %s\n' "$*"; }
ok() { printf '   %s✓ %s%s\n' "$G" "$*" "$N"; }
k() { "$KUBECTL" "$@"; }
cc_ready() { [[ $(k get cloudcluster "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}') == True ]]; }

die() {
  printf '\n%sdemo failed: %s%s\n' "$R" "$*" "$N" >&2
  local log
  for log in sim operator; do
    [[ -s $STATE/$log.log ]] || continue
    echo "--- $log log (last lines; all of it in $STATE/$log.log)" >&2
    tail -n "$([[ $log == operator ]] && echo 25 || echo 5)" "$STATE/$log.log" >&2
  done
  KEEP_STATE=1
  exit 1
}

# start NAME CMD...: runs CMD in the background, logging to $STATE/NAME.log.
start() {
  local name=$1; shift
  "$@" >"$STATE/$name.log" 2>&1 &
  PIDS+=("$!")
}

# all_alive: every process the demo started is still running.
all_alive() {
  local i names=(gpupool-sim gpupool-operator)
  for i in "${!PIDS[@]}"; do kill -0 "${PIDS[$i]}" 2>/dev/null || die "${names[$i]} (pid ${PIDS[$i]}) exited"; done
}

# await TIMEOUT WHAT CMD...: polls CMD quietly until it succeeds; dies after
# TIMEOUT seconds or as soon as one of the demo's processes has exited.
await() {
  local timeout=$1 what=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    all_alive
    ((SECONDS < deadline)) || die "timed out after ${timeout}s waiting for: $what"
    sleep 0.2
  done
}

# stop_all: SIGTERM to the demo's own processes only, then waits for them.
stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

admin() {  # admin METHOD PATH [JSON]: the simulator's admin API
  curl -sSf -X "$1" "$ADMIN$2" -H 'Content-Type: application/json' ${3:+-d "$3"} >/dev/null \
    || die "admin API $1 $2 failed"
}
set_capacity() {  # set_capacity PROVIDER REGION MACHINE NODES|null
  admin POST /clouds/capacity "{\"provider\":\"$1\",\"region\":\"$2\",\"machineType\":\"$3\",\"nodes\":$4}"
}

# Snapshots, refreshed by sample(): the GPUPool as JSON and the clouds' /state.
POOL_JSON='{}' CLOUD_JSON='{"pools":[]}'
sample() {
  POOL_JSON=$(k get gpupool "$POOL" -o json 2>/dev/null) || POOL_JSON='{}'
  CLOUD_JSON=$(curl -sSf "$ADMIN/state" 2>/dev/null) || CLOUD_JSON='{"pools":[]}'
}
pool_field() { jq -r "$1" <<<"$POOL_JSON"; }
condition() { pool_field ".status.conditions[]? | select(.type == \"$1\") | .status"; }
target_state() { pool_field ".status.targets[]? | select(.name == \"$1\") | .state"; }
target_ready() { pool_field "[.status.targets[]? | select(.name == \"$1\") | .readyNodes // 0] | add // 0"; }
# cloud_ready_nodes PROVIDER: Ready nodes the cloud itself reports.
cloud_ready_nodes() { jq --arg p "$1" '[.pools[] | select(.provider == $p) | .readyNodes] | add // 0' <<<"$CLOUD_JSON"; }
cloud_nodes() { jq --arg p "$1" '[.pools[] | select(.provider == $p) | .nodeCount] | add // 0' <<<"$CLOUD_JSON"; }
# cloud_ready_gpus: Ready GPUs over every cloud (all demo machine types have 8).
cloud_ready_gpus() { jq '[.pools[].readyNodes] | add // 0 | . * 8' <<<"$CLOUD_JSON"; }

# progress_line: ready GPUs of spec, then per target "name state ready/desired
# nodes" (from status), then what the clouds hold (ready/size, from /state).
progress_line() {
  local targets clouds
  # An idle target (nothing asked, nothing held) is just "name -".
  targets=$(jq -r '[.status.targets[]? | if (.desiredNodes // 0) == 0 and (.readyNodes // 0) == 0 and
        (.state == "Ready" or .state == "Pending") then "\(.name) -"
      else "\(.name) \(.state) \(.readyNodes // 0)/\(.desiredNodes // 0)" end] | join(" · ")' \
    <<<"$POOL_JSON")
  clouds=$(jq -r '[.pools[] | "\(.provider) \(.readyNodes)/\(.nodeCount)"] | if length == 0 then "none" else join(", ") end' \
    <<<"$CLOUD_JSON")
  printf 'GPUs %s/%s │ %s │ clouds: %s' "$(pool_field '.status.readyGPUs // 0')" "$(pool_field '.spec.gpus // 0')" \
    "${targets:-no status yet}" "$clouds"
}

# new_events: the GPUPool's Events not printed yet (by name and count).
SEEN_EVENTS=" "
new_events() {
  local line key
  while IFS=$'\t' read -r key line; do
    [[ -z $key || $SEEN_EVENTS == *" $key "* ]] && continue
    SEEN_EVENTS+="$key "
    printf '   %s%s%s\n' "$Y" "$line" "$N"
  done < <(k get events -o json 2>/dev/null | jq -r --arg p "$POOL" '
      .items | map(select(.involvedObject.kind == "GPUPool" and .involvedObject.name == $p))
      | sort_by([.lastTimestamp // .eventTime // "", (.metadata.resourceVersion | tonumber? // 0)])[]
      | "\(.metadata.name)#\(.count // 1)\t  event \(.type) \(.reason): \(.message)\(if (.count // 1) > 1 then " (x\(.count))" else "" end)"')
}

# watch_until TIMEOUT WHAT PREDICATE...: samples about once a second, prints
# the progress line and new Events when they change, until PREDICATE (a
# function reading the snapshots) holds; dies after TIMEOUT seconds.
LAST_LINE=""
watch_until() {
  local timeout=$1 what=$2; shift 2
  local start=$SECONDS line
  while :; do
    sample
    line=$(progress_line)
    if [[ $line != "$LAST_LINE" ]]; then
      printf '   %s%4ss%s  %s\n' "$D" "$((SECONDS - T0))" "$N" "$line"
      LAST_LINE=$line
    fi
    new_events
    "$@" && return 0
    all_alive
    ((SECONDS - start < timeout)) || die "timed out after ${timeout}s waiting for: $what"
    sleep 1
  done
}

# clouds_table: every pool the simulated clouds hold.
clouds_table() {
  jq -r '(["CLOUD", "CLUSTER", "POOL", "MACHINE TYPE", "NODES", "READY", "STATE"] | @tsv),
         (.pools | sort_by(.provider)[] | [.provider, .cluster, .name, .machineType, .nodeCount, .readyNodes, .state] | @tsv)' \
    <<<"$CLOUD_JSON" | table
}

# table: tab-separated rows on stdin as aligned columns (no `column` on minimal machines).
table() {
  awk -F'\t' '{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) }
                 if (NF > nf) nf = NF }
           END { for (r = 1; r <= NR; r++) { line = "   "
                   for (i = 1; i <= nf; i++) line = line sprintf("%-" (w[i] + 2) "s", cell[r, i])
                   sub(/ +$/, "", line); print line } }'
}
