#pragma once
// Small helpers for object metadata: ids, timestamps, name rules, base64.
// All thread-safe.
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace gpupool::sim::kube {

std::string new_uid();                                   // RFC 4122 v4
std::string rfc3339(std::chrono::system_clock::time_point t);        // seconds, "Z"
std::string rfc3339_micro(std::chrono::system_clock::time_point t);  // six fractional digits
std::string now_rfc3339();
// "" if valid, else the kube-apiserver message for a DNS-1123 subdomain violation.
std::string dns_subdomain_error(const std::string& name);
// Same for a DNS-1123 label (namespace names).
std::string dns_label_error(const std::string& name);
// generateName + 5 chars from "bcdfghjklmnpqrstvwxz2456789" (base truncated to fit 63).
std::string generate_name(const std::string& base);
std::string base64_encode(const std::string& in);
std::optional<std::string> base64_decode(const std::string& in);
// Random integer in [lo, hi].
long random_between(long lo, long hi);

// Metadata accessors tolerant of missing/odd-typed fields.
std::string meta_string(const nlohmann::json& obj, const char* field);
inline std::string meta_rv(const nlohmann::json& obj);
const nlohmann::json* meta_field(const nlohmann::json& obj, const char* field);

inline std::string meta_rv(const nlohmann::json& obj) { return meta_string(obj, "resourceVersion"); }

}  // namespace gpupool::sim::kube
