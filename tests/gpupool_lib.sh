# Helpers for GPUPool end-to-end scenarios (source after tests/lib.sh): a
# simulator, the operator, the simulator's four CloudClusters Ready, and ways
# to read a GPUPool's status and the simulated clouds' /state.

# start_world [SIM_ARGS...]: simulator (fast provisioning unless given), CRDs,
# operator "op" ready, the four CloudClusters applied and Ready.
# OPERATOR_ARGS (array, optional) is passed to the operator.
start_world() {
  start_sim "$TEST_TMP/sim" --provisioning-seconds 0.5 "$@"
  install_crds
  [[ -s $SIM_DIR/manifests/cloudclusters.yaml ]] || fail "simulator wrote no cloudclusters.yaml"
  start_operator op "${OPERATOR_ARGS[@]}"
  wait_for 30 "operator /readyz" operator_ready "$OP_HEALTH_PORT"
  apply_cloudclusters
}

# apply_cloudclusters: applies the simulator's Secrets + CloudClusters, waits Ready.
apply_cloudclusters() {
  k apply -f "$SIM_DIR/manifests/cloudclusters.yaml" >"$TEST_TMP/apply-cc.out" 2>&1 \
    || fail "apply cloudclusters: $(cat "$TEST_TMP/apply-cc.out")"
  local c
  for c in gke-sim aks-sim oke-sim coreweave-sim; do wait_for 60 "CloudCluster $c Ready" cc_ready "$c"; done
}

cc_ready() { [[ $(k get cloudcluster "$1" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}') == True ]]; }

# multicloud_pool NAME [SED_ARGS...]: prints the multicloud H100 example
# renamed to NAME and pointed at the simulator's clusters; extra sed
# expressions (e.g. -e 's/initialBackoff: 5m/initialBackoff: 5s/') apply last.
multicloud_pool() {
  local name=$1; shift
  sed -e "s/name: h100-training/name: $name/" \
      -e 's/cloudClusterRef: gke-us-central1/cloudClusterRef: gke-sim/' \
      -e 's/cloudClusterRef: aks-westus2/cloudClusterRef: aks-sim/' \
      -e 's/cloudClusterRef: oke-us-ashburn-1/cloudClusterRef: oke-sim/' \
      -e 's/cloudClusterRef: coreweave-us-east-04a/cloudClusterRef: coreweave-sim/' \
      -e '/zones: \[us-central1-a\]/d' "$@" \
      "$GPUPOOL_ROOT/crds/examples/gpupool-h100-multicloud.yaml"
}

# apply_yaml FILE: kubectl apply, failing the test with kubectl's output.
apply_yaml() { k apply -f "$1" >"$TEST_TMP/apply.out" 2>&1 || fail "apply $1: $(cat "$TEST_TMP/apply.out")"; }

# pool_cond NAME TYPE: prints the status of condition TYPE of GPUPool NAME.
pool_cond() { k get gpupool "$1" -o jsonpath="{.status.conditions[?(@.type==\"$2\")].status}"; }
pool_cond_is() { [[ $(pool_cond "$1" "$2") == "$3" ]]; }
pool_ready() { pool_cond_is "$1" Ready True; }

# target_field NAME TARGET FIELD: prints status.targets[TARGET].FIELD.
target_field() { k get gpupool "$1" -o json | jq -r --arg t "$2" --arg f "$3" '.status.targets[]? | select(.name == $t) | .[$f] // ""'; }

# state_pools: the clouds' pools as compact JSON [{provider,nodeCount,readyNodes}] sorted by provider.
state_pools() { admin_get /state | jq -c '[.pools[] | {provider, nodeCount, readyNodes}] | sort_by(.provider)'; }

# state_ready_gpus GPUS_PER_NODE: Ready GPUs over every simulated pool.
state_ready_gpus() { admin_get /state | jq --argjson g "$1" '[.pools[].readyNodes] | add // 0 | . * $g'; }

# set_capacity PROVIDER REGION MACHINE NODES|null: simulated capacity.
set_capacity() {
  admin_post /clouds/capacity "{\"provider\":\"$1\",\"region\":\"$2\",\"machineType\":\"$3\",\"nodes\":$4}" >/dev/null
}

# dump_pool NAME: the GPUPool as YAML on stderr (for failure messages).
dump_pool() { k get gpupool "$1" -o yaml >&2 || true; }

# pool_events NAME: the Events about GPUPool NAME as compact JSON lines
# {type, reason, message}, oldest first.
pool_events() {
  k get events -o json | jq -c --arg n "$1" \
    '.items | map(select(.involvedObject.kind == "GPUPool" and .involvedObject.name == $n))
     | sort_by(.metadata.creationTimestamp) | .[] | {type, reason, message}'
}

# has_pool_event NAME TYPE REASON [MESSAGE_SUBSTRING]: true once GPUPool NAME
# has such an Event (for wait_for).
has_pool_event() {
  pool_events "$1" | jq -se --arg t "$2" --arg r "$3" --arg m "${4:-}" \
    'any(.[]; .type == $t and .reason == $r and (.message | contains($m)))' >/dev/null
}

# cond_field NAME TYPE FIELD: prints reason or message of condition TYPE of GPUPool NAME.
cond_field() { k get gpupool "$1" -o jsonpath="{.status.conditions[?(@.type==\"$2\")].$3}"; }
