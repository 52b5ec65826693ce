#!/usr/bin/env bash
# HTTPS verifies with the CA from the kubeconfig (for 127.0.0.1 and
# localhost); a wrong or missing token gets 401; the real kubectl works with
# the kubeconfig; --plain-http writes a kubeconfig without a CA.
source "$GPUPOOL_ROOT/tests/lib.sh"

start_sim "$TEST_TMP/state"
sim_credentials
[[ $KUBE_URL == https://127.0.0.1:* ]] || fail "kube URL is not https: $KUBE_URL"
[[ -n $SIM_CA_FILE ]] || fail "kubeconfig has no certificate-authority-data"
cmp -s "$SIM_CA_FILE" "$SIM_DIR/ca.crt" || fail "ca.crt differs from the kubeconfig CA"

expect_status 200 GET /version
assert_eq "version minor" 32 "$(body | jq -r .minor)"
port=${KUBE_URL##*:}
code=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$SIM_CA_FILE" -H "Authorization: Bearer $SIM_TOKEN" \
  "https://localhost:$port/version")
assert_eq "https://localhost verifies" 200 "$code"
rc=0; curl -sS -o /dev/null "$KUBE_URL/version" 2>"$TEST_TMP/noca.err" || rc=$?
assert_eq "curl without the CA fails verification (exit 60)" 60 "$rc"
pass "TLS verifies with the kubeconfig CA"

code=$(curl -sS -o "$TEST_TMP/body" -w '%{http_code}' --cacert "$SIM_CA_FILE" -H "Authorization: Bearer wrong" \
  "$KUBE_URL/api/v1/namespaces/default/configmaps")
assert_eq "wrong token" 401 "$code"
assert_eq "wrong token: reason" Unauthorized "$(body | jq -r .reason)"
code=$(curl -sS -o "$TEST_TMP/body" -w '%{http_code}' --cacert "$SIM_CA_FILE" "$KUBE_URL/api")
assert_eq "missing token" 401 "$code"
assert_eq "missing token: Status kind" Status "$(body | jq -r .kind)"
pass "wrong or missing token -> 401 Unauthorized"

# apply (JSON on the wire); `kubectl create configmap` would send protobuf.
k apply -f - >/dev/null <<<'{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"from-kubectl"},"data":{"k":"v"}}' \
  || fail "kubectl apply"
assert_eq "kubectl get" v "$(k get configmap from-kubectl -o jsonpath='{.data.k}')"
pass "real kubectl works with the kubeconfig"

start_sim "$TEST_TMP/plain" --plain-http
[[ $KUBE_URL == http://127.0.0.1:* ]] || fail "plain kube URL: $KUBE_URL"
[[ ! -e $SIM_DIR/ca.crt ]] || fail "ca.crt written for --plain-http"
grep -q certificate-authority "$KUBECONFIG" && fail "CA in a --plain-http kubeconfig"
grep -q "token:" "$KUBECONFIG" && fail "token in a --plain-http kubeconfig"
SIM_TOKEN_SET=""
sim_credentials
expect_status 200 GET /version
assert_eq "plain http kubectl" "" "$(k get configmaps -o name)"
pass "--plain-http serves HTTP with a CA-less kubeconfig"
