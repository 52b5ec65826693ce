#!/usr/bin/env bash
# gpupool-operator against gpupool-sim: CloudCluster Ready follows its Secret
# (present/missing/incomplete/deleted), Events are recorded, secret values never reach
# logs, and /healthz, /readyz and /metrics answer.
source "$GPUPOOL_ROOT/tests/lib.sh"
start_sim "$TEST_TMP/sim"
install_crds

gke_cluster() {  # gke_cluster NAME SECRET
  k apply -f - >/dev/null <<YAML
apiVersion: gpupool.io/v1alpha1
kind: CloudCluster
metadata: {name: $1}
spec:
  provider: GKE
  credentialsSecretRef: {name: $2}
  gke: {project: ml-training-prod, location: us-central1, cluster: train-us-central1}
YAML
}
ready_field() { k get cloudcluster "$1" -o jsonpath="{.status.conditions[?(@.type==\"Ready\")].$2}"; }
ready_is() { [[ $(ready_field "$1" status) == "$2" && $(ready_field "$1" reason) == "$3" ]]; }

start_operator op
wait_for 30 "operator /readyz" operator_ready "$OP_HEALTH_PORT"
assert_eq "/healthz" 200 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$OP_HEALTH_PORT/healthz")"
pass "/healthz and /readyz answer 200"

# 1. Cluster with a complete Secret passes the Secret checks and reaches the
#    credential check, which refuses the fake key (InvalidCredentials). Ready=True
#    against the simulated clouds is covered by operator_clouds.sh.
apply_secret gke-good "service-account.json={\"private_key\":\"TOPSECRET-1\"}"
gke_cluster good gke-good
wait_for 20 "good past the Secret checks" ready_is good False InvalidCredentials
assert_eq "observedGeneration" "$(k get cloudcluster good -o jsonpath='{.metadata.generation}')" \
  "$(k get cloudcluster good -o jsonpath='{.status.observedGeneration}')"
pass "CloudCluster with a complete Secret reaches credential verification"

# 2. Secret missing -> False with a clear message; created -> True.
gke_cluster late gke-late
wait_for 20 "late Ready=False SecretNotFound" ready_is late False SecretNotFound
assert_eq "message" "Secret default/gke-late not found" "$(ready_field late message)"
apply_secret gke-late "service-account.json=TOPSECRET-2"
wait_for 20 "late past the Secret checks after Secret created" ready_is late False InvalidCredentials
pass "missing Secret -> Ready=False SecretNotFound, then checked once created"

# 3. Secret with the wrong keys -> SecretMissingKeys naming keys, never values.
apply_secret gke-wrong "token=TOPSECRET-3"
gke_cluster wrong gke-wrong
wait_for 20 "wrong Ready=False SecretMissingKeys" ready_is wrong False SecretMissingKeys
assert_eq "message" "Secret default/gke-wrong is missing keys required for GKE: service-account.json" \
  "$(ready_field wrong message)"
k delete secret gke-late >/dev/null
wait_for 20 "late back to SecretNotFound after delete" ready_is late False SecretNotFound
pass "incomplete Secret -> SecretMissingKeys; deleting a Secret is noticed"

# 4. (InvalidSpec needs a spec the CRD schema would reject; unit-tested instead.)

# 5. Events on transitions.
wait_for 20 "SecretNotFound event" bash -c \
  "'$KUBECTL' get events --field-selector involvedObject.name=late -o jsonpath='{.items[*].reason}' | grep -q SecretNotFound"
wait_for 20 "InvalidCredentials event" bash -c \
  "'$KUBECTL' get events --field-selector involvedObject.name=late -o jsonpath='{.items[*].reason}' | grep -q InvalidCredentials"
pass "Events recorded for Ready transitions"

# 6. Metrics.
metrics=$(curl -sf "http://127.0.0.1:$OP_METRICS_PORT/metrics") || fail "/metrics did not answer"
for want in 'gpupool_cloudcluster_ready{name="good",namespace="default",provider="GKE"} 0' \
            'gpupool_cloudcluster_ready{name="wrong",namespace="default",provider="GKE"} 0' \
            'controller_runtime_reconcile_total{controller="cloudcluster",result="success"}' \
            'workqueue_adds_total{controller="cloudcluster",name="cloudcluster"}' \
            'process_resident_memory_bytes'; do
  assert_contains "/metrics" "$metrics" "$want"
done
pass "/metrics exports controller-runtime and gpupool series"

# 7. No secret value in any log line.
! grep -q TOPSECRET "$TEST_TMP/op.log" || fail "a secret value reached the operator log"
pass "secret values never logged"

# 8. SIGTERM -> exit 0.
kill -TERM "$OP_PID"
wait_exit 40 "$OP_PID"
assert_eq "exit code after SIGTERM" 0 "$BG_RC"
pass "SIGTERM exits 0"
