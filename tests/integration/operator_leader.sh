#!/usr/bin/env bash
# Two operators with --leader-elect: exactly one runs the controllers (the
# other keeps warm caches and is ready); SIGKILL of the leader hands over
# within 20 s (lease expiry); SIGTERM releases the lease and hands over at once.
source "$GPUPOOL_ROOT/tests/lib.sh"
start_sim "$TEST_TMP/sim"
install_crds
apply_secret creds token=t

cluster() {
  k apply -f - >/dev/null <<YAML
apiVersion: gpupool.io/v1alpha1
kind: CloudCluster
metadata: {name: $1}
spec:
  provider: CoreWeave
  credentialsSecretRef: {name: creds}
  coreweave: {apiServer: "https://cks.example"}
YAML
}
# Reconciled = past the Secret checks (the fake token then fails the cloud check).
valid() { case $(k get cloudcluster "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}') in ""|SecretNotFound|SecretMissingKeys|InvalidSpec) return 1;; esac; }
holder() { k get lease gpupool-operator -n default -o jsonpath='{.spec.holderIdentity}' 2>/dev/null; }
leading() { grep -q '"became leader' "$TEST_TMP/$1.log"; }
# identity NAME: the identity an operator logged when it became leader.
identity() { grep '"became leader' "$TEST_TMP/$1.log" | tail -n1 | jq -r .identity; }
active() { local m; m=$(curl -sf "http://127.0.0.1:$1/metrics"); awk '/^gpupool_controllers_active /{print $2}' <<<"$m"; }

# client-go's 15/10/2 s defaults give a worst-case SIGKILL handover of about
# 15 + 2 x 2.4 = 19.8 s (expiry is judged from when the standby *saw* the last
# renewal, then it retries every 2-2.4 s): too close to 20 s for a stable
# test, so the lease is 12 s here (worst case ~16.8 s).
declare -A PID MPORT HPORT
launch() {
  start_operator "$1" --leader-elect --leader-election-lease-duration 12s --leader-election-renew-deadline 8s
  PID[$1]=$OP_PID; MPORT[$1]=$OP_METRICS_PORT; HPORT[$1]=$OP_HEALTH_PORT
}
launch a
wait_for 30 "a leads" leading a
launch b
wait_for 30 "b ready (standby with synced caches)" operator_ready "${HPORT[b]}"
cluster one
wait_for 20 "one reconciled" valid one

# 1. Exactly one replica mutates.
assert_eq "lease holder" "$(identity a)" "$(holder)"
! leading b || fail "b also became leader"
assert_eq "a controllers active" 1 "$(active "${MPORT[a]}")"
assert_eq "b controllers active" 0 "$(active "${MPORT[b]}")"
# (whole bodies first: `curl | grep -q` can fail on SIGPIPE under pipefail)
metrics_b=$(curl -sf "http://127.0.0.1:${MPORT[b]}/metrics")
metrics_a=$(curl -sf "http://127.0.0.1:${MPORT[a]}/metrics")
[[ $metrics_b != *controller_runtime_reconcile_total* ]] || fail "standby b reconciled something"
assert_contains "a leader status" "$metrics_a" 'leader_election_master_status{name="gpupool-operator"} 1'
assert_contains "b leader status" "$metrics_b" 'leader_election_master_status{name="gpupool-operator"} 0'
pass "exactly one leader mutates; the standby is ready with warm caches"

# 2. SIGKILL of the leader: b takes over once the lease expires (< 20 s).
kill -KILL "${PID[a]}"
t0=$SECONDS
wait "${PID[a]}" 2>/dev/null || true
forget_pid "${PID[a]}"
wait_for 20 "b leads after SIGKILL of a" leading b
echo "handover after SIGKILL: $((SECONDS - t0)) s" >&2
assert_eq "lease holder after SIGKILL" "$(identity b)" "$(holder)"
cluster two
wait_for 20 "two reconciled by b" valid two
pass "SIGKILL of the leader hands over within 20 s"

# 3. SIGTERM of the leader: lease released, c takes over at once, b exits 0.
launch c
wait_for 30 "c ready" operator_ready "${HPORT[c]}"
kill -TERM "${PID[b]}"
t0=$SECONDS
wait_for 8 "c leads right after SIGTERM of b" leading c
echo "handover after SIGTERM: $((SECONDS - t0)) s" >&2
wait_exit 40 "${PID[b]}"
assert_eq "b exit code" 0 "$BG_RC"
assert_eq "lease holder after SIGTERM" "$(identity c)" "$(holder)"
cluster three
wait_for 20 "three reconciled by c" valid three
pass "SIGTERM releases the lease and hands over at once"
