#pragma once
// Test PKI for the simulator (OpenSSL): a self-signed CA and a server
// certificate for 127.0.0.1 (IP SAN) and localhost (DNS SAN) signed by it, so
// kubectl and our client verify the server with only the CA in the kubeconfig.
// Also random bearer tokens and base64 for kubeconfig `*-data` fields.
#include <string>
#include <string_view>

namespace gpupool::sim::tls {

struct Pki {
  std::string ca_cert_pem;
  std::string server_cert_pem;  // leaf only; serve server_cert_pem + ca_cert_pem as the chain
  std::string server_key_pem;   // PKCS#8 PEM
};

// Generates a fresh CA (10 years) and server certificate (10 years, so a
// persisted state dir keeps working), P-256 keys. Throws std::runtime_error
// with OpenSSL's reason on failure.
Pki generate_pki();

// 32 random bytes as 64 lowercase hex characters (CSPRNG).
std::string random_token();

// Standard base64 with padding, no line breaks.
std::string base64_encode(std::string_view data);

}  // namespace gpupool::sim::tls
