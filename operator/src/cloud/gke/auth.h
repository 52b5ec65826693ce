#pragma once
// GKE authentication (cloud-apis.md §1.2): a service-account JSON key signs an
// RS256 JWT assertion {iss, scope, aud = token_uri, iat, exp = iat + 3600},
// exchanged at token_uri (grant_type jwt-bearer) for an access token that the
// TokenCache keeps until ~5 min before expiry. Key material and tokens never
// appear in errors or logs.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "cloud/token_cache.h"
#include "common/result.h"
#include "http/transport.h"

namespace gpupool::cloud::gke {

inline constexpr std::string_view kCloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";
inline constexpr std::string_view kGoogleTokenUri = "https://oauth2.googleapis.com/token";

struct ServiceAccountKey {
  std::string project_id;
  std::string private_key_id;
  std::string private_key_pem;
  std::string client_email;
  std::string token_uri;  // defaults to kGoogleTokenUri
};

// InvalidArgument when the JSON is not a usable service_account key.
Result<ServiceAccountKey> parse_service_account_key(std::string_view json);

// URL-safe base64 without padding (JWT).
std::string base64url(std::string_view data);

// RSASSA-PKCS1-v1_5 SHA-256 signature over `data` with a PEM key (PKCS#1 or
// PKCS#8). InvalidArgument for an unusable key.
Result<std::string> sign_rs256(const std::string& private_key_pem, std::string_view data);

// The signed assertion for the token exchange. `now` is wall time.
Result<std::string> make_assertion(const ServiceAccountKey& key, std::chrono::system_clock::time_point now,
                                   std::string_view scope = kCloudPlatformScope);

// Splits "https://host:port/path" into base ("https://host:port") and path ("/path").
struct UrlParts {
  std::string base, path;
};
Result<UrlParts> split_url(std::string_view url);

// POSTs the assertion to the token endpoint (`path` on `transport`) and
// reads {access_token, expires_in}. Rejected credentials (400/401 with
// invalid_grant/invalid_client...) -> Unauthenticated.
Result<AccessToken> exchange_assertion(http::Transport& transport, const std::string& path,
                                       const std::string& assertion);

// A TokenCache whose fetch signs a fresh assertion and exchanges it.
std::shared_ptr<TokenCache> make_token_cache(ServiceAccountKey key, std::shared_ptr<http::Transport> token_transport,
                                             std::string token_path, Clock& clock);

}  // namespace gpupool::cloud::gke
