#!/usr/bin/env bash
# gpupool-operator verifies every simulated cloud's credentials: the
# simulator's manifests/cloudclusters.yaml -> every CloudCluster Ready=True
# (reason Verified, after a real list of node pools); broken credentials ->
# Ready=False with the reason the cloud really gives; no secret value in the
# operator log, the Events or the CloudCluster status.
#
# Reasons per cloud for broken credentials:
#   GKE  a different (valid-format) service-account key: the token endpoint
#        answers 400 invalid_grant "Invalid JWT Signature." -> AuthenticationFailed
#   AKS  wrong clientSecret: Entra ID 401 invalid_client     -> AuthenticationFailed
#   OKE  a different API key under the same fingerprint: 401 -> AuthenticationFailed
#   CoreWeave wrong CW-SECRET token: CKS managed auth answers 403 (not 401)
#        (cloud-apis.md §4.2); the CoreWeave client reads a 403 for the anonymous
#        user as a rejected token                              -> AuthenticationFailed
source "$GPUPOOL_ROOT/tests/lib.sh"
start_sim "$TEST_TMP/sim"
install_crds
M="$SIM_DIR/manifests/cloudclusters.yaml"
[[ -s $M ]] || fail "simulator wrote no $M"

ready_field() { k get cloudcluster "$1" -o jsonpath="{.status.conditions[?(@.type==\"Ready\")].$2}"; }
ready_is() { [[ $(ready_field "$1" status) == "$2" && $(ready_field "$1" reason) == "$3" ]]; }
wait_ready() {  # wait_ready NAME STATUS REASON
  local deadline=$((SECONDS + 60))
  until ready_is "$1" "$2" "$3"; do
    if ((SECONDS >= deadline)); then
      k get cloudclusters -o wide >&2 || true
      fail "$1: want Ready=$2/$3, got $(ready_field "$1" status)/$(ready_field "$1" reason): $(ready_field "$1" message)"
    fi
    sleep 0.3
  done
}

# TODO(oke): the OKE client's TLS handshake with the simulator fails
# ("Error in SSL handshake", certificate verify) although the same caBundle works
# for the other three clouds and for curl; OKE joins with WITH_OKE=1 once fixed.
WITH_OKE=${WITH_OKE:-1}
CLUSTERS=(gke-sim aks-sim coreweave-sim)
[[ $WITH_OKE == 1 ]] && CLUSTERS+=(oke-sim)
start_operator op
wait_for 30 "operator /readyz" operator_ready "$OP_HEALTH_PORT"
k apply -f "$M" >"$TEST_TMP/apply.out" 2>&1 || fail "apply $M: $(cat "$TEST_TMP/apply.out")"

# 1. Every simulated cloud verifies.
for c in "${CLUSTERS[@]}"; do wait_ready "$c" True Verified; done
assert_contains "gke message" "$(ready_field gke-sim message)" "GKE accepted the credentials"
metrics=$(curl -sf "http://127.0.0.1:$OP_METRICS_PORT/metrics") || fail "/metrics did not answer"
PROVIDERS=(GKE AKS CoreWeave); [[ $WITH_OKE == 1 ]] && PROVIDERS+=(OKE)
for p in "${PROVIDERS[@]}"; do
  assert_contains "/metrics" "$metrics" "gpupool_cloud_requests_total{operation=\"list\",outcome=\"ok\",provider=\"$p\"}"
done
assert_contains "/metrics" "$metrics" 'gpupool_cloud_request_duration_seconds_count{operation="list",provider="GKE"}'
pass "every CloudCluster from cloudclusters.yaml is Ready=True (Verified) after a real list"

# Everything secret, before and after breaking it (for the leak checks).
GOOD_SA=$(secret_value gke-sim service-account.json)
GOOD_VALUES=("$(jq -r .private_key <<<"$GOOD_SA")" "$(jq -r .private_key_id <<<"$GOOD_SA")"
             "$(secret_value aks-sim clientSecret)" "$(secret_value oke-sim privateKey)"
             "$(secret_value coreweave-sim token)")

# 2. Break each cloud's credentials.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$TEST_TMP/other-gke.pem" 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$TEST_TMP/other-oke.pem" 2>/dev/null
BAD_SA=$(jq --rawfile k "$TEST_TMP/other-gke.pem" '.private_key = $k | .private_key_id = "0123456789abcdef0123456789abcdef"' <<<"$GOOD_SA")
BAD_AKS="wrong-$(openssl rand -hex 16)"
BAD_CW="CW-SECRET-$(openssl rand -hex 20)"
set_secret_key gke-sim service-account.json "$BAD_SA"
set_secret_key aks-sim clientSecret "$BAD_AKS"
[[ $WITH_OKE == 1 ]] && set_secret_key oke-sim privateKey "$(cat "$TEST_TMP/other-oke.pem")"
set_secret_key coreweave-sim token "$BAD_CW"
wait_ready gke-sim False AuthenticationFailed
wait_ready aks-sim False AuthenticationFailed
[[ $WITH_OKE == 1 ]] && wait_ready oke-sim False AuthenticationFailed
wait_ready coreweave-sim False AuthenticationFailed
for c in "${CLUSTERS[@]}"; do echo "  $c: $(ready_field "$c" message)"; done
pass "broken credentials -> Ready=False AuthenticationFailed"

# 3. Events for the transitions.
wait_for 20 "AuthenticationFailed events" bash -c \
  "'$KUBECTL' get events -o json | jq -e '[.items[] | select(.reason==\"AuthenticationFailed\")] | length >= 3'"
wait_for 20 "Verified events" bash -c \
  "'$KUBECTL' get events -o json | jq -e '[.items[] | select(.reason==\"Verified\")] | length >= 3'"
pass "Events recorded for Verified and AuthenticationFailed"

# 4. No secret value (old or new) in the log, the Events or the status.
secret_needles "${GOOD_VALUES[@]}" "$(cat "$TEST_TMP/other-gke.pem")" "$(cat "$TEST_TMP/other-oke.pem")" \
  "0123456789abcdef0123456789abcdef" "$BAD_AKS" "$BAD_CW" >"$TEST_TMP/needles"
k get events -o json >"$TEST_TMP/events.json"
k get cloudclusters -o json | jq '[.items[].status]' >"$TEST_TMP/status.json"
assert_no_leak "operator log" "$TEST_TMP/op.log" "$TEST_TMP/needles"
assert_no_leak "Events" "$TEST_TMP/events.json" "$TEST_TMP/needles"
assert_no_leak "CloudCluster status" "$TEST_TMP/status.json" "$TEST_TMP/needles"
! grep -q -- "CW-SECRET-" "$TEST_TMP/op.log" "$TEST_TMP/events.json" "$TEST_TMP/status.json" \
  || fail "a CW-SECRET token prefix appears"
pass "no secret material in log, Events or status ($(wc -l <"$TEST_TMP/needles") needles)"

# 5. Restoring the credentials verifies again.
set_secret_key aks-sim clientSecret "${GOOD_VALUES[2]}"
wait_ready aks-sim True Verified
pass "fixed Secret -> Ready=True again"

kill -TERM "$OP_PID"
wait_exit 40 "$OP_PID"
assert_eq "exit code after SIGTERM" 0 "$BG_RC"
