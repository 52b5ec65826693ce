#!/usr/bin/env bash
# gpupool-sim serves the cloud APIs (docs/simulator.md, "Cloud APIs"):
# endpoints.json has every cloud, each cloud's credentials files exist, the
# generated cloudclusters.yaml applies against the CRDs, each cloud verifies
# with ca.crt and refuses anonymous calls, the admin API's /state and
# /clouds/* work, and --port-base lays the ports out as documented.
source "$GPUPOOL_ROOT/tests/lib.sh"

start_sim "$TEST_TMP/sim" --provisioning-seconds 1
D=$SIM_DIR

# 1. endpoints.json: every key, all HTTPS on loopback with distinct ports.
[[ $KUBE_URL == https://127.0.0.1:* && $ADMIN_URL == http://127.0.0.1:* ]] || fail "kube/admin: $(cat "$D/endpoints.json")"
for k in gke aks.arm aks.login oke coreweave; do
  [[ $(sim_endpoint ".$k") == https://127.0.0.1:* ]] || fail "$k: $(cat "$D/endpoints.json")"
done
ports=$(jq -r '[.. | strings | capture(":(?<p>[0-9]+)$").p] | unique | length' "$D/endpoints.json")
urls=$(jq -r '[.. | strings] | unique | length' "$D/endpoints.json")
assert_eq "one port per URL" "$urls" "$ports"
pass "endpoints.json has kube, admin, gke, aks {arm, login}, oke, coreweave"

# 2. Each cloud's files (written before endpoints.json, so present now).
secret_file() {  # secret_file PATH: exists, non-empty, owner-only
  [[ -s $1 ]] || fail "missing $1"
  assert_eq "mode of $1" 600 "$(stat -c %a "$1")"
}
GKE=$(sim_endpoint .gke)
secret_file "$D/gke/service-account.json"
assert_eq "gke token_uri" "$GKE/token" "$(jq -r .token_uri "$D/gke/service-account.json")"
assert_eq "gke key type" service_account "$(jq -r .type "$D/gke/service-account.json")"
jq -e '.project and .location and .cluster' "$D/gke/cluster.json" >/dev/null || fail "gke/cluster.json: $(cat "$D/gke/cluster.json")"
secret_file "$D/aks/credentials.json"
jq -e '.tenantId and .clientId and .clientSecret and .subscriptionId and .resourceGroup and .clusterName' \
  "$D/aks/credentials.json" >/dev/null || fail "aks/credentials.json lacks keys"
[[ -s $D/oke/config ]] || fail "oke/config missing"
jq -e '.region and .compartmentId and .clusterId and (.subnetIds | length > 0) and .imageId' "$D/oke/cluster.json" \
  >/dev/null || fail "oke/cluster.json: $(cat "$D/oke/cluster.json")"
key=$(sed -n 's/^key_file *= *//p' "$D/oke/config" | head -n1)
secret_file "$key"
secret_file "$D/coreweave/kubeconfig"
assert_contains "coreweave kubeconfig server" "$(cat "$D/coreweave/kubeconfig")" "$(sim_endpoint .coreweave)"
secret_file "$D/manifests/cloudclusters.yaml"
pass "credentials files for every cloud"

# 3. Every cloud verifies with ca.crt, for 127.0.0.1 and localhost.
for c in gke aks.arm oke coreweave; do
  url=$(sim_endpoint ".$c")
  cloud_status "$url/" >/dev/null || fail "$c: TLS with ca.crt failed"
  cloud_status "https://localhost:${url##*:}/" >/dev/null || fail "$c: TLS for localhost failed"
done
pass "cloud servers verify with ca.crt"

# 4. The manifest applies against the real CRD schema (validation included).
install_crds
k apply -f "$D/manifests/cloudclusters.yaml" >"$TEST_TMP/apply.out" 2>&1 || fail "apply: $(cat "$TEST_TMP/apply.out")"
expect_secret_keys() {  # expect_secret_keys NAME KEY...
  local name=$1; shift
  local have
  have=$(k get secret "$name" -o json | jq -r '.data | keys | join(" ")')
  for key in "$@"; do [[ " $have " == *" $key "* ]] || fail "secret $name lacks $key (has: $have)"; done
}
ca_b64=$(base64 -w0 "$D/ca.crt")
check_cluster() {  # check_cluster NAME PROVIDER ENDPOINT
  local json
  json=$(k get cloudcluster "$1" -o json)
  assert_eq "$1 provider" "$2" "$(jq -r .spec.provider <<<"$json")"
  assert_eq "$1 endpoint" "$3" "$(jq -r .spec.endpoint <<<"$json")"
  assert_eq "$1 caBundle" "$ca_b64" "$(jq -r .spec.caBundle <<<"$json")"
  assert_eq "$1 secret" "$1" "$(jq -r .spec.credentialsSecretRef.name <<<"$json")"
}
check_cluster gke-sim GKE "$GKE"
expect_secret_keys gke-sim service-account.json
check_cluster aks-sim AKS "$(sim_endpoint .aks.arm)"
expect_secret_keys aks-sim tenantId clientId clientSecret authorityHost
assert_eq "authorityHost = aks.login" "$(sim_endpoint .aks.login)" \
  "$(k get secret aks-sim -o jsonpath='{.data.authorityHost}' | base64 -d)"
check_cluster oke-sim OKE "$(sim_endpoint .oke)"
expect_secret_keys oke-sim tenancy user fingerprint privateKey
check_cluster coreweave-sim CoreWeave "$(sim_endpoint .coreweave)"
expect_secret_keys coreweave-sim token
assert_eq "coreweave apiServer" "$(sim_endpoint .coreweave)" \
  "$(k get cloudcluster coreweave-sim -o jsonpath='{.spec.coreweave.apiServer}')"
# (The schema is enforced, so "applies" means "valid": a wrong block is refused.)
expect_fail "CloudCluster with the wrong provider block" "spec.gke must be set when provider is GKE" \
  "$KUBECTL" apply -f - <<<'{"apiVersion":"gpupool.io/v1alpha1","kind":"CloudCluster","metadata":{"name":"bad"},
  "spec":{"provider":"GKE","credentialsSecretRef":{"name":"x"},"coreweave":{"apiServer":"https://x"}}}'
pass "cloudclusters.yaml applies after crds/ and points at the simulator"

# 5. Anonymous calls are refused; AKS client credentials from the files work.
read -r project location cluster < <(jq -r '"\(.project) \(.location) \(.cluster)"' "$D/gke/cluster.json")
assert_eq "GKE without a token" 401 "$(cloud_status "$GKE/v1/projects/$project/locations/$location/clusters/$cluster/nodePools")"
ARM=$(sim_endpoint .aks.arm); LOGIN=$(sim_endpoint .aks.login)
read -r tenant client secret sub rg aks_cluster < <(jq -r \
  '"\(.tenantId) \(.clientId) \(.clientSecret) \(.subscriptionId) \(.resourceGroup) \(.clusterName)"' "$D/aks/credentials.json")
pools="$ARM/subscriptions/$sub/resourceGroups/$rg/providers/Microsoft.ContainerService/managedClusters/$aks_cluster/agentPools?api-version=2024-10-01"
assert_eq "AKS without a token" 401 "$(cloud_status "$pools")"
assert_eq "AKS token" 200 "$(cloud_status "$LOGIN/$tenant/oauth2/v2.0/token" --data-urlencode grant_type=client_credentials \
  --data-urlencode "client_id=$client" --data-urlencode "client_secret=$secret" \
  --data-urlencode scope=https://management.azure.com/.default)"
token=$(body | jq -r .access_token)
assert_eq "AKS list with the token" 200 "$(cloud_status "$pools" -H "Authorization: Bearer $token")"
body | jq -e '.value | type == "array"' >/dev/null || fail "agentPools list: $(body)"
OKE=$(sim_endpoint .oke)
assert_eq "OKE unsigned" 401 "$(cloud_status "$OKE/20180222/nodePools?compartmentId=$(jq -r .compartmentId "$D/oke/cluster.json")")"
CW=$(sim_endpoint .coreweave)
cw_token=$(sed -n 's/^ *token: "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$D/coreweave/kubeconfig" | head -n1)
[[ $cw_token == CW-SECRET-* ]] || fail "coreweave kubeconfig token: [$cw_token]"
assert_eq "CoreWeave wrong token" 403 "$(cloud_status "$CW/apis/compute.coreweave.com/v1alpha1/nodepools" -H "Authorization: Bearer CW-SECRET-wrong")"
assert_eq "CoreWeave list" 200 "$(cloud_status "$CW/apis/compute.coreweave.com/v1alpha1/nodepools" -H "Authorization: Bearer $cw_token")"
assert_eq "CoreWeave Secret token = kubeconfig token" "$cw_token" "$(k get secret coreweave-sim -o jsonpath='{.data.token}' | base64 -d)"
pass "GKE/AKS/OKE refuse anonymous calls, CoreWeave a wrong token; AKS and CoreWeave work with the files"

# 6. Admin API: cloud routes next to the kube ones.
routes=$(admin_get /)
for r in "GET /state" "POST /clouds/capacity" "POST /clouds/quota" "POST /clouds/faults" "DELETE /clouds/faults" \
  "POST /clouds/provisioning" "POST /clouds/reset" "POST /faults" "POST /watches/drop"; do
  jq -e --arg r "$r" '.routes | index($r)' <<<"$routes" >/dev/null || fail "admin route [$r] missing: $routes"
done
admin_get /state | jq -e '(.pools | type == "array") and (.requests | type == "array") and .provisioningSeconds == 1' \
  >/dev/null || fail "/state: $(admin_get /state)"
assert_eq "capacity change" 200 "$(admin_status POST /clouds/capacity \
  '{"provider":"GKE","region":"us-central1","machineType":"a3-highgpu-8g","nodes":0}')"
assert_eq "capacity reply" 0 "$(body | jq -r .nodes)"
assert_eq "bad provider" 400 "$(admin_status POST /clouds/capacity '{"provider":"nimbus","region":"r","machineType":"m"}')"
body | jq -e '.code == 400 and (.error | test("provider"))' >/dev/null || fail "error shape: $(body)"
assert_eq "wrong method" 405 "$(admin_status GET /clouds/capacity)"
assert_eq "fault armed" 200 "$(admin_status POST /clouds/faults '{"provider":"AKS","count":1,"status":503}')"
assert_eq "AKS answers the fault" 503 "$(cloud_status "$pools" -H "Authorization: Bearer $token")"
assert_eq "one fault only" 200 "$(cloud_status "$pools" -H "Authorization: Bearer $token")"
assert_eq "faults cleared" 200 "$(admin_status DELETE /clouds/faults)"
assert_eq "provisioning" 200 "$(admin_status POST /clouds/provisioning '{"seconds":0}')"
admin_get /state | jq -e '.provisioningSeconds == 0' >/dev/null || fail "provisioning not applied"
assert_eq "reset" 200 "$(admin_status POST /clouds/reset)"
admin_get /state | jq -e '.provisioningSeconds == 1' >/dev/null || fail "reset must restore --provisioning-seconds"
pass "admin: /state, /clouds/capacity|faults|provisioning|reset"

# 7. --port-base N: kube N, admin N+1, gke N+2, aks N+3, oke N+4, coreweave N+5.
base=$(free_port_base 6) || fail "no 6 free consecutive ports"
start_sim "$TEST_TMP/ports" --port-base "$base"
assert_eq "kube port" "https://127.0.0.1:$base" "$KUBE_URL"
assert_eq "admin port" "http://127.0.0.1:$((base + 1))" "$ADMIN_URL"
assert_eq "gke port" "https://127.0.0.1:$((base + 2))" "$(sim_endpoint .gke)"
assert_eq "aks port" "https://127.0.0.1:$((base + 3))" "$(sim_endpoint .aks.arm)"
assert_eq "oke port" "https://127.0.0.1:$((base + 4))" "$(sim_endpoint .oke)"
assert_eq "coreweave port" "https://127.0.0.1:$((base + 5))" "$(sim_endpoint .coreweave)"
pass "--port-base lays out kube, admin and the clouds"
