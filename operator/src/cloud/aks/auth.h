#pragma once
// AKS authentication (cloud-apis.md §2.2): Entra ID client credentials.
// POST {authority}/{tenant}/oauth2/v2.0/token with client_id, client_secret,
// grant_type=client_credentials and scope=https://management.azure.com/.default
// returns {token_type, expires_in, ext_expires_in, access_token}; the shared
// TokenCache keeps the token until ~5 min before expiry. The secret and
// tokens never appear in errors or logs.
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "cloud/token_cache.h"
#include "common/result.h"
#include "http/transport.h"

namespace gpupool::cloud::aks {

inline constexpr std::string_view kDefaultAuthorityHost = "https://login.microsoftonline.com";
// The ARM scope; it stays the same when the ARM endpoint is overridden.
inline constexpr std::string_view kArmScope = "https://management.azure.com/.default";

struct AksCredentials {
  std::string tenant_id, client_id, client_secret;
  std::string authority_host = std::string(kDefaultAuthorityHost);
};

// From a Kubernetes Secret's data: tenantId, clientId, clientSecret and
// optional authorityHost. InvalidArgument names the missing key.
Result<AksCredentials> credentials_from_secret(const std::map<std::string, std::string>& data);

// "/{tenant}/oauth2/v2.0/token" (relative to the authority host).
std::string token_path(const AksCredentials& c);

// The x-www-form-urlencoded token request body.
std::string token_request_body(const AksCredentials& c);

// One token request on `transport` (based at the authority host).
// Rejected credentials (400/401 invalid_client, unauthorized_client,
// invalid_request...) -> Unauthenticated; 429 -> RateLimited; 5xx -> Unavailable.
Result<AccessToken> request_token(http::Transport& transport, const AksCredentials& c);

// A TokenCache whose fetch is request_token. `clock` must outlive it.
std::shared_ptr<TokenCache> make_token_cache(AksCredentials c, std::shared_ptr<http::Transport> login, Clock& clock);

}  // namespace gpupool::cloud::aks
