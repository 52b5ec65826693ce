#pragma once
// OpenAPI v3 documents for /openapi/v3 (kubernetes-api.md §7.6): a root that
// lists every served group/version with a content hash, and per-GV documents
// whose item paths carry a `patch` operation with x-kubernetes-group-version-kind
// and the fieldValidation parameter, and components.schemas built from CRD
// schemas (descriptions kept so `kubectl explain` shows them).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/kube/resource_info.h"

namespace gpupool::sim::kube::openapi {

using json = nlohmann::json;

// Document for one group/version ("api/v1" when group is empty).
json group_version_document(const std::string& group, const std::string& version,
                            const std::vector<ResourceInfo>& resources);

// Root: {"paths":{"apis/g/v":{"serverRelativeURL":"/openapi/v3/apis/g/v?hash=H"}, "api/v1":{...}}}.
// `documents` maps the key ("apis/g/v" or "api/v1") to its document; hash is
// derived from the document text so it changes when the document changes.
json root_document(const std::vector<std::pair<std::string, json>>& documents);

// Stable hex hash of a document's serialized text.
std::string document_hash(const json& document);

}  // namespace gpupool::sim::kube::openapi
