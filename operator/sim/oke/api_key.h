#pragma once
// A simulated OCI user with one API signing key: tenancy and user OCIDs, a
// fresh RSA-2048 key pair and its fingerprint (colon-separated MD5 of the
// DER SubjectPublicKeyInfo, as the console shows it).
#include <string>

namespace gpupool::sim::oke {

struct ApiKey {
  std::string tenancy, user, fingerprint;
  std::string private_key_pem;  // PKCS#8 "BEGIN PRIVATE KEY"
  std::string public_key_pem;   // "BEGIN PUBLIC KEY"
  std::string key_id() const { return tenancy + "/" + user + "/" + fingerprint; }
};

// Throws std::runtime_error if OpenSSL cannot generate a key.
ApiKey generate_api_key(const std::string& tenancy = "", const std::string& user = "");

// Fingerprint of a public key PEM; throws std::invalid_argument if it does not load.
std::string fingerprint_of(const std::string& public_key_pem);

// "ocid1.<type>.oc1.<realm-part>.<60 random chars>" ("ocid1.tenancy.oc1..aaaa...").
std::string make_ocid(const std::string& type, const std::string& region_key = "");

// The OCI SDK config file (profile [DEFAULT]) for `key` with `key_file`.
std::string config_file(const ApiKey& key, const std::string& region, const std::string& key_file);

}  // namespace gpupool::sim::oke
