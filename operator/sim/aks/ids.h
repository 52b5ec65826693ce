#pragma once
// Small helpers of the simulated AKS: random GUIDs and secrets, RFC 3339
// timestamps, base64url for JWT-shaped tokens.
#include <chrono>
#include <string>
#include <string_view>

namespace gpupool::sim::aks {

// Random version-4 GUID, lowercase ("3f1e6a2b-0000-4000-8000-00000000bbbb" shape).
std::string guid();
// A client secret in Entra's style: 40 chars with a '~'.
std::string random_secret();
// "2026-11-30T09:55:46Z"
std::string rfc3339(std::chrono::system_clock::time_point t);
// URL-safe base64 without padding.
std::string base64url(std::string_view data);

}  // namespace gpupool::sim::aks
