#!/usr/bin/env bash
# An OKE target without zones ("empty lets the operator choose"): the operator
# lists the tenancy's availability domains with the signed Identity call the
# OKE simulator serves and creates one node pool with a placementConfig per
# AD. Checks: the GPUPool gets Ready with 2 ready OKE nodes in /state, and the
# pool read back from the OKE API (signed like the operator signs) places in
# exactly the ADs Identity lists, its nodes spread over two of them.
source "$GPUPOOL_ROOT/tests/lib.sh"
source "$GPUPOOL_ROOT/tests/gpupool_lib.sh"
start_world

cat >"$TEST_TMP/pool.yaml" <<'YAML'
apiVersion: gpupool.io/v1alpha1
kind: GPUPool
metadata: {name: oke-zones}
spec:
  gpus: 16
  gpuType: H100
  failover: {initialBackoff: 5s, maxBackoff: 10s, provisioningTimeout: 2m}
  targets:
  - {name: oke, cloudClusterRef: oke-sim, machineType: BM.GPU.H100.8, gpusPerNode: 8, maxNodes: 4}
YAML
apply_yaml "$TEST_TMP/pool.yaml"
if ! (wait_for 120 "GPUPool oke-zones Ready" pool_ready oke-zones); then dump_pool oke-zones; fail "oke-zones not Ready"; fi
assert_eq "pools in /state" '[{"provider":"OKE","nodeCount":2,"readyNodes":2}]' "$(state_pools)"
assert_eq "target state" Ready "$(target_field oke-zones oke state)"
pass "OKE target without zones: Ready, one pool of 2 ready nodes"

# oci_get PATH_AND_QUERY: a GET to the OKE simulator with the OCI HTTP
# signature (date, (request-target), host) of the key in $SIM_DIR/oke/.
oci_get() {
  local url host date cfg="$SIM_DIR/oke/config" keyid sig
  url=$(sim_endpoint .oke); host=${url#https://}
  date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
  keyid="$(sed -n 's/^tenancy=//p' "$cfg")/$(sed -n 's/^user=//p' "$cfg")/$(sed -n 's/^fingerprint=//p' "$cfg")"
  sig=$(printf 'date: %s\n(request-target): get %s\nhost: %s' "$date" "$1" "$host" |
        openssl dgst -sha256 -sign "$SIM_DIR/oke/oci_api_key.pem" -binary | base64 -w0)
  cloud_status "$url$1" -H "date: $date" -H "Authorization: Signature version=\"1\",keyId=\"$keyid\",algorithm=\"rsa-sha256\",headers=\"date (request-target) host\",signature=\"$sig\""
}

comp=$(jq -r .compartmentId "$SIM_DIR/oke/cluster.json")
cluster=$(jq -r .clusterId "$SIM_DIR/oke/cluster.json")
code=$(oci_get "/20160918/availabilityDomains?compartmentId=$comp")
[[ $code == 200 ]] || fail "ListAvailabilityDomains: HTTP $code: $(body)"
ads=$(body | jq -c '[.[].name] | sort')
assert_eq "Identity ADs = the simulator's ADs" "$(jq -c '.availabilityDomains | sort' "$SIM_DIR/oke/cluster.json")" "$ads"
[[ $(jq length <<<"$ads") -ge 2 ]] || fail "want several ADs, got $ads"

code=$(oci_get "/20180222/nodePools?compartmentId=$comp&clusterId=$cluster")
[[ $code == 200 ]] || fail "ListNodePools: HTTP $code: $(body)"
id=$(body | jq -r '.[] | select(.lifecycleState != "DELETED") | .id')
[[ $id == ocid1.nodepool.* ]] || fail "want one live node pool, got [$id]: $(body)"
code=$(oci_get "/20180222/nodePools/$id")
[[ $code == 200 ]] || fail "GetNodePool: HTTP $code: $(body)"
assert_eq "placement ADs" "$ads" "$(body | jq -c '[.nodeConfigDetails.placementConfigs[].availabilityDomain]')"
assert_eq "node ADs" 2 "$(body | jq '[.nodes[].availabilityDomain] | unique | length')"
pass "the pool has a placementConfig per AD Identity lists ($ads); its 2 nodes are in 2 ADs"
