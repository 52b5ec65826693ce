#pragma once
// A simulated Google service account: a fresh RSA-2048 key pair and the
// real-format JSON key file (type service_account, PKCS#8 private_key,
// private_key_id, client_email, token_uri...).
#include <string>

namespace gpupool::sim::gke {

struct SimServiceAccount {
  std::string project_id;
  std::string client_email;
  std::string client_id;
  std::string private_key_id;   // 40 hex chars, the JWT `kid`
  std::string private_key_pem;  // PKCS#8 "BEGIN PRIVATE KEY"
  std::string public_key_pem;   // SubjectPublicKeyInfo "BEGIN PUBLIC KEY"
};

// Throws std::runtime_error if OpenSSL cannot generate a key.
SimServiceAccount generate_service_account(const std::string& project_id,
                                           const std::string& account = "gpupool-operator");

// The key file's JSON text with token_uri = `token_uri`.
std::string key_file_json(const SimServiceAccount& sa, const std::string& token_uri);

// Random lowercase hex (CSPRNG), `bytes` bytes -> 2*bytes chars.
std::string random_hex(int bytes);

}  // namespace gpupool::sim::gke
