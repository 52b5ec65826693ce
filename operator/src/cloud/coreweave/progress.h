#pragma once
// When a CoreWeave "operation" is done. CKS has no operation objects: the
// NodePool's status is the progress (cloud-apis.md §4.4), so an Operation id
// records what was asked and when: "<kind>/<pool>/<unix-ms>", which keeps
// poll() stateless across operator restarts. Pure; thread-safe.
#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cloud/provider.h"

namespace gpupool::cloud::coreweave {

std::string operation_id(const std::string& kind, const std::string& pool, std::chrono::system_clock::time_point started);
// The start time recorded in `id`; nullopt for an id we did not make.
std::optional<std::chrono::system_clock::time_point> operation_start(const std::string& id);

// Progress of a create/resize/autoscaling operation on the live `pool`:
//  * done when status.currentNodes == the target (spec.targetNodes);
//  * IdleOnly scale-down: CKS removes only idle Nodes, so currentNodes may
//    stay above a lowered target while workloads run. Done once a current
//    AtTarget condition says so (True, or False with an idle/busy reason):
//    the cloud has taken the new target, and waiting for workloads we do not
//    control would stall the reconciler indefinitely;
//  * a current condition reporting quota: done with ResourceExhausted/Quota
//    at once (quota fails the pool as a whole; it does not fix itself);
//  * Validated False for another reason: done with InvalidArgument;
//  * below target with a capacity condition for longer than `timeout` since
//    `started`: done with ResourceExhausted/Stockout (CKS keeps trying; we
//    fail over). Condition reason/message are kept verbatim.
OperationStatus progress(const nlohmann::json& pool, std::chrono::system_clock::time_point started,
                         std::chrono::system_clock::time_point now, std::chrono::milliseconds timeout);

}  // namespace gpupool::cloud::coreweave
