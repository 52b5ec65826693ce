#!/usr/bin/env bash
# Scenario 9: 429 storms and 5xx bursts from every cloud slow progress but
# lose nothing, and no CloudCluster's request rate limit is ever exceeded.
#
# The four CloudClusters get low spec.maxRequestsPerSecond (GKE 2, AKS 3,
# OKE 2, CoreWeave 4). A Spread GPUPool over the four clouds (64 H100 = 2
# nodes of 8 GPUs per cloud) converges while every cloud answers its next
# calls with 429 + Retry-After, 503 + Retry-After and bare 500s; then, under a
# second storm, it is scaled to 128 (4 nodes per cloud). Each time: every
# armed fault was served (the simulator's /state "faults" is empty and its
# request counts rose), the GPUPool is Ready with exactly one pool per cloud
# of the predicted size (no duplicate, no leak), and the operator is alive.
#
# Rate bound: the operator's ClusterGate is a token bucket of rate r and
# burst B = max(1, ceil(r)); in any 1-second window it hands out at most
# B + r tokens (B stored at the window's start, r refilled during it). One
# token is one HTTP request (retries and multi-request calls included), so
# the simulator's "maxPerSecond" (most requests of one credential in any
# sliding 1 s window) must stay <= B + r for every
# CloudCluster's API identity. Token exchanges ("token-endpoint") are the
# identity provider's, not the cluster API's: they take gate tokens too but are
# counted under their own identity, so they are only reported.
# Mid-run, gke-sim's limit is raised from 2 to 3 without resetting the
# counters: a window that spans the change may hold at most the new B + r
# (a rate change must not hand out a second burst).
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/gpupool_lib.sh"
P=storm-test
T0=$SECONDS
start_world

declare -A RPS=([gke-sim]=2 [aks-sim]=3 [oke-sim]=2 [coreweave-sim]=4)
declare -A RPS_MAX=()  # highest limit each cluster had since the counters were reset
STORM=3  # faults of each kind per cloud and storm
declare -A CLUSTER_OF=([GKE]=gke-sim [AKS]=aks-sim [OKE]=oke-sim [CoreWeave]=coreweave-sim)

# cc_verified NAME: Ready=True for the CloudCluster's current generation.
cc_verified() {
  k get cloudcluster "$1" -o json | jq -e '.metadata.generation as $g
    | [.status.conditions[]? | select(.type == "Ready" and .status == "True" and .observedGeneration == $g)] | length == 1' \
    >/dev/null
}

# set_rps NAME RPS: patches spec.maxRequestsPerSecond and waits until the
# operator has re-verified the cluster with it (its check list goes through
# the new limit, so nothing is left over from the old one).
set_rps() {
  RPS[$1]=$2
  ((${RPS_MAX[$1]:-0} >= $2)) || RPS_MAX[$1]=$2
  k patch cloudcluster "$1" --type=merge -p "{\"spec\":{\"maxRequestsPerSecond\":$2}}" >/dev/null \
    || fail "patch $1 maxRequestsPerSecond"
  wait_for 60 "CloudCluster $1 verified with maxRequestsPerSecond $2" cc_verified "$1"
}

# arm_storm N: on every cloud, N x 429 (Retry-After 1), N x 503 (Retry-After
# 1), N x 500 (no Retry-After): served in that order to the next calls.
arm_storm() {
  local p fault
  for p in GKE AKS OKE CoreWeave; do
    for fault in '"status":429,"retryAfterSeconds":1' '"status":503,"retryAfterSeconds":1' '"status":500'; do
      # The reply echoes what was armed (the operator may start consuming it at once).
      [[ $(admin_post /clouds/faults "{\"provider\":\"$p\",\"count\":$1,$fault}" | jq .count) == "$1" ]] \
        || fail "storm not armed on $p ($fault)"
    done
  done
}

faults_served() { [[ $(admin_get /state | jq '.faults | length') == 0 ]]; }

# api_requests: total requests per provider from the clusters' API identities.
api_requests() {
  admin_get /state | jq -c '[.requests[] | select(.identity != "token-endpoint")]
    | group_by(.provider) | map({key: .[0].provider, value: (map(.count) | add)}) | from_entries'
}

# settled GPUS NODES: status Ready for the current spec with GPUS ready, and
# the clouds hold exactly one pool of NODES ready nodes per cloud, ours.
settled() {
  local s want
  s=$(k get gpupool "$P" -o json) || return 1
  jq -e --argjson g "$1" '.status.observedGeneration == .metadata.generation and .status.readyGPUs == $g
    and ([.status.conditions[] | select(.type == "Ready")][0].status == "True")
    and ([.status.targets[].state] | unique == ["Ready"])' <<<"$s" >/dev/null || return 1
  want=$(jq -cn --argjson n "$2" '["AKS","CoreWeave","GKE","OKE"] | map({provider: ., nodeCount: $n, readyNodes: $n})')
  [[ $(state_pools) == "$want" ]]
}

# owned_by_pool: every simulated pool carries our GPUPool's uid in a label/tag value.
owned_by_pool() {
  local uid
  uid=$(k get gpupool "$P" -o jsonpath='{.metadata.uid}')
  admin_get /state | jq -e --arg u "$uid" '.pools | length == 4 and all(.labels | [.[]] | index($u) != null)' >/dev/null
}

operator_alive() {
  kill -0 "$OP_PID" 2>/dev/null || fail "the operator died: $(tail -n 20 "$TEST_TMP/op.log")"
  curl -sf "http://127.0.0.1:$OP_HEALTH_PORT/healthz" >/dev/null || fail "operator /healthz does not answer"
}

# check_rates PHASE: every API identity's 1 s peak <= B + r of its CloudCluster.
check_rates() {
  local provider identity peak count c r b
  while IFS=$'\t' read -r provider identity count peak; do
    [[ $identity == anonymous ]] && fail "$1: $count unauthenticated $provider requests"
    [[ $peak =~ ^[0-9]+$ ]] || fail "/state has no maxPerSecond for $provider (simulator too old?)"
    if [[ $identity == token-endpoint ]]; then
      echo "  $1: $provider token endpoint: $count requests, peak $peak/s (counted apart from the cluster API)"
      continue
    fi
    c=${CLUSTER_OF[$provider]}; r=${RPS_MAX[$c]}; b=$r  # burst = max(1, ceil(r)) = r for integer r >= 1
    echo "  $1: $provider ($c, maxRequestsPerSecond $r, bound $((b + r))): $count requests, peak $peak/s"
    ((peak <= b + r)) || RATE_FAILURES+=("$1: $provider peak $peak requests in 1 s > burst $b + rate $r")
  done < <(admin_get /state | jq -r '.requests[] | [.provider, .identity, .count, .maxPerSecond] | @tsv')
}
RATE_FAILURES=()

# ---- low limits, counters from zero
for c in "${!RPS[@]}"; do set_rps "$c" "${RPS[$c]}"; done
admin_post /clouds/reset >/dev/null
pass "CloudCluster limits: $(for c in gke-sim aks-sim oke-sim coreweave-sim; do printf '%s=%s ' "$c" "${RPS[$c]}"; done)"

# storm_phase PHASE GPUS NODES BEFORE: waits until the armed storm is served
# and the pool settles at GPUS (NODES on each cloud), owned by the GPUPool,
# with the operator alive and every cloud past BEFORE (JSON of request counts,
# {} for none) by the storm's requests; leaves the new counts in $reqs.
storm_phase() {
  local phase=$1 gpus=$2 nodes=$3 before=$4 t=$SECONDS
  wait_for 150 "every armed fault served ($phase)" faults_served
  if ! (wait_for 170 "Ready: $gpus GPUs, $nodes nodes on each cloud" settled "$gpus" "$nodes"); then
    dump_pool "$P"; fail "not settled at $gpus GPUs: $(state_pools)"
  fi
  owned_by_pool || fail "pools not all owned by $P: $(admin_get /state | jq -c '[.pools[] | {provider, name, labels}]')"
  operator_alive
  reqs=$(api_requests)
  jq -e --argjson b "$before" --argjson n $((3 * STORM)) 'length == 4 and all(to_entries[]; .value >= ($b[.key] // 0) + $n)' \
    <<<"$reqs" >/dev/null || fail "each cloud should have served $((3 * STORM)) more requests: before $before, now $reqs"
  pass "$phase under the storm in $((SECONDS - t))s: 4 pools x $nodes nodes, Ready, operator alive (requests $reqs)"
}

# ---- storm while converging
arm_storm "$STORM"
multicloud_pool "$P" -e 's/strategy: Priority/strategy: Spread/' \
  -e 's/initialBackoff: 5m/initialBackoff: 5s/' -e 's/maxBackoff: 30m/maxBackoff: 20s/' >"$TEST_TMP/pool.yaml"
apply_yaml "$TEST_TMP/pool.yaml"
storm_phase converge 64 2 "{}"
before=$reqs
check_rates converge

# ---- raise one limit mid-run, then a storm while scaling up
set_rps gke-sim 3
arm_storm "$STORM"
k scale gpupool/"$P" --replicas=128 >"$TEST_TMP/scale.out" 2>&1 || fail "kubectl scale: $(cat "$TEST_TMP/scale.out")"
storm_phase scale 128 4 "$before"
check_rates scale

((${#RATE_FAILURES[@]} == 0)) || fail "rate limit exceeded:$(printf '\n  %s' "${RATE_FAILURES[@]}")"
pass "no CloudCluster exceeded burst + rate in any 1 s window (total $((SECONDS - T0))s)"
