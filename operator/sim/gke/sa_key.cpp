#include "sim/gke/sa_key.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace gpupool::sim::gke {

namespace {
std::string bio_string(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}
}  // namespace

std::string random_hex(int bytes) {
  std::string raw(static_cast<std::size_t>(bytes), '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

SimServiceAccount generate_service_account(const std::string& project_id, const std::string& account) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
  if (!key) throw std::runtime_error("cannot generate RSA key");
  std::unique_ptr<BIO, decltype(&BIO_free)> priv(BIO_new(BIO_s_mem()), BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> pub(BIO_new(BIO_s_mem()), BIO_free);
  // PEM_write_bio_PrivateKey writes PKCS#8, as Google's key files carry.
  if (!PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) ||
      !PEM_write_bio_PUBKEY(pub.get(), key.get()))
    throw std::runtime_error("cannot encode RSA key");
  SimServiceAccount sa;
  sa.project_id = project_id;
  sa.client_email = account + "@" + project_id + ".iam.gserviceaccount.com";
  sa.client_id = "1";
  for (char c : random_hex(10)) sa.client_id += static_cast<char>('0' + (c % 10));  // 21 digits like Google's
  sa.private_key_id = random_hex(20);
  sa.private_key_pem = bio_string(priv.get());
  sa.public_key_pem = bio_string(pub.get());
  return sa;
}

std::string key_file_json(const SimServiceAccount& sa, const std::string& token_uri) {
  nlohmann::ordered_json j;
  j["type"] = "service_account";
  j["project_id"] = sa.project_id;
  j["private_key_id"] = sa.private_key_id;
  j["private_key"] = sa.private_key_pem;
  j["client_email"] = sa.client_email;
  j["client_id"] = sa.client_id;
  j["auth_uri"] = "https://accounts.google.com/o/oauth2/auth";
  j["token_uri"] = token_uri;
  j["auth_provider_x509_cert_url"] = "https://www.googleapis.com/oauth2/v1/certs";
  j["client_x509_cert_url"] = "https://www.googleapis.com/robot/v1/metadata/x509/" + sa.client_email;
  j["universe_domain"] = "googleapis.com";
  return j.dump(2);
}

}  // namespace gpupool::sim::gke
