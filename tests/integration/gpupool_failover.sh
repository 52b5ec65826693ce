#!/usr/bin/env bash
# Issue 6 acceptance 2 and 3, end to end (simulator, operator, kubectl):
#  2. GKE (priority 0) is stocked out before the multicloud 64-GPU GPUPool is
#     applied: the GKE create fails, GKE goes to Backoff with backoffUntil,
#     its share moves to AKS in the same reconcile (FailedOver event), and the
#     pool becomes Ready on AKS (8 nodes), Degraded=True TargetsUnavailable.
#  3. GKE capacity restored: once the backoff ends GKE grows first and AKS
#     shrinks only by what became Ready on GKE. /state and status.readyGPUs are
#     sampled throughout: ready GPUs never drop below 64. The end state is GKE
#     8 Ready nodes, the AKS pool resized to 0 nodes, Ready=True, and Events
#     carry the backoff, failover and recovery reasons.
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/gpupool_lib.sh"

POOL=h100-failover
GPUS=64 GPN=8 NODES=8
# Slow enough provisioning that the migration back spans several samples.
start_world --provisioning-seconds 3

# The GKE capacity key is the simulated cluster's region (its location, minus
# a zone suffix if it names one) and the example's machine type.
GKE_REGION=$(jq -r .location "$SIM_DIR/gke/cluster.json" | sed -E 's/-[a-z]$//')
GKE_MACHINE=a3-highgpu-8g
set_capacity GKE "$GKE_REGION" "$GKE_MACHINE" 0

# Short failover durations (backoff 5s, then 10s: the ladder is visible but
# brief); provisioningTimeout well above the provisioning time so only the
# stockout causes a failover.
multicloud_pool "$POOL" -e 's/initialBackoff: 5m/initialBackoff: 5s/' \
  -e 's/maxBackoff: 30m/maxBackoff: 10s/' -e 's/provisioningTimeout: 20m/provisioningTimeout: 60s/' \
  >"$TEST_TMP/pool.yaml"
grep -q 'initialBackoff: 5s' "$TEST_TMP/pool.yaml" || fail "failover durations not rewritten"
START=$SECONDS
apply_yaml "$TEST_TMP/pool.yaml"

# sample: reads /state and the GPUPool once (kept in $STATE and $STATUS) and
# appends a line to $SAMPLES: epoch seconds (taken after reading /state, so
# a grown GKE seen before backoffUntil proves an early grow), /state GKE
# nodes ready, AKS nodes ready, /state ready GPUs, then status.readyGPUs,
# gke and aks states, aks desiredNodes, Ready condition.
SAMPLES="$TEST_TMP/samples.txt" STATE="$TEST_TMP/state.json" STATUS="$TEST_TMP/status.json"
: >"$SAMPLES"
sample() {
  local s t j
  admin_get /state >"$STATE" || return 1
  s=$(jq -r --argjson g "$GPN" '
      def n(p): [.pools[] | select(.provider == p)] | "\(map(.nodeCount) | add // 0) \(map(.readyNodes) | add // 0)";
      "\(n("GKE")) \(n("AKS")) \([.pools[].readyNodes] | add // 0 | . * $g)"' "$STATE") || return 1
  t=$(date +%s.%N)
  k get gpupool "$POOL" -o json >"$STATUS" || return 1
  j=$(jq -r '
      def t(n): [.status.targets[]? | select(.name == n)][0] // {};
      "\(.status.readyGPUs // 0) \(t("gke").state // "-") \(t("aks").state // "-") \(t("aks").desiredNodes // 0) " +
      "\([.status.conditions[]? | select(.type == "Ready") | .status][0] // "-")"' "$STATUS") || return 1
  echo "$t $s $j" >>"$SAMPLES"
}
# state_nodes PROVIDER: "pools:nodes/ready" of PROVIDER in the last /state sample.
state_nodes() { jq -r --arg p "$1" '[.pools[] | select(.provider == $p)] | "\(length):\(map(.nodeCount) | add // 0)/\(map(.readyNodes) | add // 0)"' "$STATE"; }

# ---- scenario 2: stockout on the priority-0 target ----
(wait_for 120 "GPUPool $POOL Ready on the other clouds" pool_ready "$POOL") \
  || { dump_pool "$POOL"; fail "GPUPool $POOL did not become Ready during the GKE stockout"; }
pass "GPUPool Ready=True during the GKE stockout ($((SECONDS - START))s)"

# When a backoff ends GKE is retried (and fails again while stocked out), so
# wait for a status that shows it in Backoff rather than reading one snapshot.
# Sampling starts here: from Ready on, ready GPUs must never dip.
gke_in_backoff() { sample && [[ $(jq -r '.status.targets[] | select(.name == "gke") | .state' "$STATUS") == Backoff ]]; }
(wait_for 90 "gke target in Backoff" gke_in_backoff) || { dump_pool "$POOL"; fail "gke never shown in Backoff"; }
cp "$STATUS" "$TEST_TMP/status2.json"
# Restore capacity now, inside this backoff: GKE must wait for backoffUntil
# anyway (checked below); the scenario 2 checks read this sample.
RESTORED=$SECONDS RESTORED_AT=$(date +%s)
set_capacity GKE "$GKE_REGION" "$GKE_MACHINE" null

st() { jq -r "$1" "$TEST_TMP/status2.json"; }
gke() { st ".status.targets[] | select(.name == \"gke\") | $1"; }
aks() { st ".status.targets[] | select(.name == \"aks\") | $1"; }
until_s=$(date -d "$(gke .backoffUntil)" +%s) || fail "gke backoffUntil [$(gke .backoffUntil)] is not a time"
err_s=$(date -d "$(gke .lastError.time)" +%s) || fail "gke lastError.time [$(gke .lastError.time)] is not a time"
assert_eq "gke lastError.reason" Stockout "$(gke .lastError.reason)"
((until_s - err_s >= 5 && until_s - err_s <= 11)) \
  || fail "gke backoff of $((until_s - err_s))s is outside initialBackoff..maxBackoff (5s..10s)"
assert_eq "gke readyNodes" 0 "$(gke '.readyNodes // 0')"
assert_eq "aks state" Ready "$(aks .state)"
assert_eq "aks desiredNodes/readyNodes" "$NODES/$NODES" "$(aks '"\(.desiredNodes)/\(.readyNodes)"')"
assert_eq "status.readyGPUs" "$GPUS" "$(st .status.readyGPUs)"
cond() { st ".status.conditions[] | select(.type == \"$1\") | \"\(.status)/\(.reason)\""; }
assert_eq "Ready condition" True/GPUsReady "$(cond Ready)"
assert_eq "Degraded condition" True/TargetsUnavailable "$(cond Degraded)"
assert_contains "Degraded message" "$(st '.status.conditions[] | select(.type == "Degraded") | .message')" "gke: Backoff (Stockout)"
pass "gke Backoff (Stockout) for $((until_s - err_s))s until $(gke .backoffUntil); aks 8/8 Ready; Degraded TargetsUnavailable"

# /state: AKS holds the 64 GPUs; GKE's failed pool stays, empty (the
# operator keeps it and resizes it when GKE is eligible again); OKE and
# CoreWeave were never needed.
assert_eq "/state AKS pools:nodes/ready" "1:$NODES/$NODES" "$(state_nodes AKS)"
assert_eq "/state GKE pools:nodes/ready" "1:0/0" "$(state_nodes GKE)"
assert_eq "/state OKE, CoreWeave" "0:0/0 0:0/0" "$(state_nodes OKE) $(state_nodes CoreWeave)"
pass "/state: AKS 8/8 nodes, GKE one empty pool, OKE and CoreWeave none"

# The share moved in the decision that saw the failure: that decision's
# FailedOver event names AKS growing.
events_json() { k get events --field-selector "involvedObject.name=$POOL" -o json; }
event_msgs() { events_json | jq -r --arg r "$1" '.items[] | select(.reason == $r) | .message'; }
assert_contains "FailedOver event" "$(event_msgs FailedOver)" "gke failed; share moved to aks 0->$NODES nodes"
pass "FailedOver: share moved to aks in the same reconcile"

# ---- scenario 3: capacity restored (above), migrate back make-before-break ----
# migrated_back: takes a sample; true once /state has GKE 8/8 and AKS 0/0 and
# the status has gke Ready, aks asked for 0 nodes and Ready=True. (aks turns
# Ready and readyGPUs 64 only on a later resync: not waited for.)
migrated_back() {
  sample || return 1
  local _t gn gr an ar _sg _rg gs _as ad ready
  read -r _t gn gr an ar _sg _rg gs _as ad ready < <(tail -n1 "$SAMPLES")
  [[ $gn == "$NODES" && $gr == "$NODES" && $an == 0 && $ar == 0 && $gs == Ready && $ad == 0 && $ready == True ]]
}
(wait_for 150 "GKE 8 Ready nodes and AKS shrunk to 0" migrated_back) \
  || { cat "$SAMPLES" >&2; dump_pool "$POOL"; fail "migration back did not finish"; }
pass "migrated back $((SECONDS - RESTORED))s after restoring capacity ($(wc -l <"$SAMPLES") samples)"

# Every sample: /state and status ready GPUs >= 64, and AKS never had fewer
# nodes than GKE's Ready ones could replace (make-before-break).
awk -v gpus="$GPUS" -v nodes="$NODES" '
  { gr = $3; an = $4; sg = $6; rg = $7
    if (sg < gpus) { print "sample " NR ": /state ready GPUs " sg " < " gpus; bad = 1 }
    if (rg < gpus) { print "sample " NR ": status.readyGPUs " rg " < " gpus; bad = 1 }
    if (an + gr < nodes) { print "sample " NR ": AKS " an " nodes + GKE " gr " Ready < " nodes; bad = 1 } }
  END { exit bad }' "$SAMPLES" >"$TEST_TMP/dips.txt" \
  || { cat "$SAMPLES" >&2; fail "ready GPUs dipped during the migration: $(cat "$TEST_TMP/dips.txt")"; }
# That check can only fail if it saw the migration: demand several samples
# while both clouds held nodes.
both=$(awk '$2 > 0 && $4 > 0' "$SAMPLES" | wc -l)
((both >= 3)) || { cat "$SAMPLES" >&2; fail "only $both samples during the migration; the no-dip check saw too little"; }
pass "ready GPUs >= $GPUS in all $(wc -l <"$SAMPLES") samples ($both with nodes on both clouds)"

# GKE grew only once its backoff was over, and first: the first sample with
# AKS below 8 nodes already had GKE Ready nodes.
first_grow=$(awk -v r="$RESTORED_AT" '$1 >= r && $2 > 0 { print; exit }' "$SAMPLES")
[[ -n $first_grow ]] || fail "no sample saw GKE grow"
awk -v u="$until_s" '{ exit !($1 >= u) }' <<<"$first_grow" \
  || fail "GKE grew before its backoffUntil $(gke .backoffUntil): $first_grow"
first_shrink=$(awk -v n="$NODES" '$4 < n { print; exit }' "$SAMPLES")
[[ -n $first_shrink ]] || fail "no sample saw AKS shrink"
read -r _ _ gr_at_shrink _ <<<"$first_shrink"
((gr_at_shrink > 0)) || fail "AKS shrank before GKE had Ready nodes: $first_shrink"
pass "GKE grew after backoffUntil; AKS shrank only once GKE had $gr_at_shrink Ready nodes"

# End state: the reconciler resizes a fallback to 0 nodes (it deletes pools
# only of targets removed from the spec), so the AKS pool stays, empty.
assert_eq "/state GKE pools:nodes/ready" "1:$NODES/$NODES" "$(state_nodes GKE)"
assert_eq "/state AKS pools:nodes/ready" "1:0/0" "$(state_nodes AKS)"
assert_eq "/state OKE, CoreWeave" "0:0/0 0:0/0" "$(state_nodes OKE) $(state_nodes CoreWeave)"
t3() { jq -r --arg n "$1" ".status.targets[] | select(.name == \$n) | $2" "$STATUS"; }
assert_eq "gke state desired/ready" "Ready 8/8" "$(t3 gke '"\(.state) \(.desiredNodes)/\(.readyNodes)"')"
assert_eq "gke backoffUntil (ladder reset once Ready)" "" "$(t3 gke '.backoffUntil // ""')"
assert_eq "aks desiredNodes" 0 "$(t3 aks '.desiredNodes // 0')"
[[ $(t3 aks .state) == Resizing || $(t3 aks .state) == Ready ]] || fail "aks state $(t3 aks .state) after the shrink"
assert_eq "Ready, Degraded" "True/GPUsReady False/AsExpected" \
  "$(jq -r '[.status.conditions[] | select(.type == "Ready" or .type == "Degraded") | "\(.status)/\(.reason)"] | join(" ")' "$STATUS")"
pass "end state: GKE 8/8 Ready, AKS pool at 0 nodes, Ready=True, Degraded=False"

# Events (reasons from placement/report.cpp): the backoff and failover, and a
# recovery after the capacity came back (the recorder aggregates identical
# Events, so the last one's lastTimestamp moves).
events_json >"$TEST_TMP/events.json"
for r in TargetBackoff FailedOver; do
  [[ $(jq --arg r "$r" '[.items[] | select(.reason == $r)] | length' "$TEST_TMP/events.json") -gt 0 ]] \
    || fail "no $r event on $POOL: $(jq -c '[.items[].reason]' "$TEST_TMP/events.json")"
done
recovered=$(jq -r '[.items[] | select(.reason == "TargetRecovered") | .lastTimestamp] | max // ""' "$TEST_TMP/events.json")
[[ -n $recovered ]] || fail "no TargetRecovered event on $POOL"
(($(date -d "$recovered" +%s) >= RESTORED_AT)) || fail "last TargetRecovered at $recovered, before capacity came back"
pass "events: $(jq -r '[.items[].reason] | unique | join(" ")' "$TEST_TMP/events.json")"
pass "total $((SECONDS - START))s after applying the GPUPool"
