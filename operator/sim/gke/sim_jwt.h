#pragma once
// JWT decoding and RS256 verification for the GKE simulator, written from
// RFC 7515/7519 independently of the operator's client code.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gpupool::sim::gke {

struct DecodedJwt {
  nlohmann::json header, claims;
  bool signature_ok = false;
};

// URL-safe base64 (padding optional) -> bytes; nullopt on bad input.
std::optional<std::string> b64url_decode(std::string_view s);

// Splits and decodes a compact JWS and checks its RS256 signature against
// `public_key_pem`. nullopt when it is not a well-formed JWT.
std::optional<DecodedJwt> decode_and_verify(std::string_view jwt, const std::string& public_key_pem);

}  // namespace gpupool::sim::gke
