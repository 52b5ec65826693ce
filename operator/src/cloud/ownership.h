#pragma once
// Ownership of cloud node pools: the tags we write on every pool we create,
// reading them back, and deterministic pool names from GPUPool + target.
// Pure functions; thread-safe.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "cloud/provider.h"

namespace gpupool::cloud {

inline constexpr std::string_view kTagOwnerNamespace = "gpupool-owner-namespace";
inline constexpr std::string_view kTagOwnerName = "gpupool-owner-name";
inline constexpr std::string_view kTagOwnerUid = "gpupool-owner-uid";
inline constexpr std::string_view kTagTarget = "gpupool-target";

// A value as `provider` can store it. GKE (GCE label values): lowercase
// letters, digits, '_' and '-', at most 63 chars (longer values keep a hash
// suffix so two long names never collide). CoreWeave (Kubernetes label
// values): at most 63 chars of [A-Za-z0-9._-], alphanumeric at both ends.
// AKS/OKE tags take the value unchanged.
std::string sanitize_tag_value(std::string_view provider, std::string_view value);

// The four ownership tags for `owner`, sanitized for `provider`.
std::map<std::string, std::string> ownership_tags(std::string_view provider, const Owner& owner);

// The owner recorded in `tags`, when all four keys are present and non-empty.
std::optional<Owner> owner_from_tags(const std::map<std::string, std::string>& tags);

// `owner` as it reads back from `provider`'s tags (compare with owner_from_tags).
Owner stored_owner(std::string_view provider, const Owner& owner);

// Deterministic pool name for GPUPool ns/name + target, valid for `provider`:
//   GKE:       <= 40 chars, [a-z0-9-], starts with a letter: "gp-<name>-<target>-<hash8>"
//   AKS:       1-12 lowercase alphanumerics starting with a letter: "gp<hash10>"
//   OKE:       "gpupool-<ns>-<name>-<target>" (<= 100 chars, hash when shortened)
//   CoreWeave: Kubernetes name, <= 63 chars, like GKE's form
std::string pool_name(std::string_view provider, const Owner& owner);

// Stable 64-bit FNV-1a hash as 16 lowercase hex chars (for names).
std::string short_hash(std::string_view data);

}  // namespace gpupool::cloud
