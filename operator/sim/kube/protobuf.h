#pragma once
// Decodes the Kubernetes protobuf envelope ("k8s\0" + runtime.Unknown) that
// kubectl's imperative commands (create namespace/secret/configmap/
// serviceaccount) send for core kinds, into the JSON object. Only those kinds
// and the ObjectMeta fields a create carries are supported; anything else
// yields nullopt (the caller answers 415).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace gpupool::sim::kube {

bool is_protobuf(const std::string& content_type);
std::optional<nlohmann::json> decode_k8s_protobuf(const std::string& body);

}  // namespace gpupool::sim::kube
