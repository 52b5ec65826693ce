#include "sim/oke/api_key.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

#include "sim/oke/oci_error.h"

namespace gpupool::sim::oke {

namespace {
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

std::string drain(BIO* b) {
  char* data = nullptr;
  long n = BIO_get_mem_data(b, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::string md5_colons(const unsigned char* der, int len) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(der, static_cast<std::size_t>(len), md, &n, EVP_md5(), nullptr);
  std::string out;
  char buf[4];
  for (unsigned int i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, i ? ":%02x" : "%02x", md[i]);
    out += buf;
  }
  return out;
}
}  // namespace

std::string fingerprint_of(const std::string& pem) {
  Bio in(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PUBKEY(in.get(), nullptr, nullptr, nullptr),
                                                           EVP_PKEY_free);
  if (!key) throw std::invalid_argument("public key does not load");
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key.get(), &der);
  if (len <= 0) throw std::invalid_argument("public key does not encode");
  std::string fp = md5_colons(der, len);
  OPENSSL_free(der);
  return fp;
}

std::string make_ocid(const std::string& type, const std::string& region_key) {
  return "ocid1." + type + ".oc1." + region_key + ".aaaaaaaa" + random_hex(26);
}

ApiKey generate_api_key(const std::string& tenancy, const std::string& user) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
  if (!key) throw std::runtime_error("cannot generate an RSA key");
  Bio priv(BIO_new(BIO_s_mem()), BIO_free), pub(BIO_new(BIO_s_mem()), BIO_free);
  if (!PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) ||
      !PEM_write_bio_PUBKEY(pub.get(), key.get()))
    throw std::runtime_error("cannot encode the RSA key");
  ApiKey k;
  k.tenancy = tenancy.empty() ? make_ocid("tenancy") : tenancy;
  k.user = user.empty() ? make_ocid("user") : user;
  k.private_key_pem = drain(priv.get());
  k.public_key_pem = drain(pub.get());
  k.fingerprint = fingerprint_of(k.public_key_pem);
  return k;
}

std::string config_file(const ApiKey& key, const std::string& region, const std::string& key_file) {
  return "[DEFAULT]\nuser=" + key.user + "\nfingerprint=" + key.fingerprint + "\ntenancy=" + key.tenancy +
         "\nregion=" + region + "\nkey_file=" + key_file + "\n";
}

}  // namespace gpupool::sim::oke
