#include "sim/gke/sim_jwt.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

namespace gpupool::sim::gke {

std::optional<std::string> b64url_decode(std::string_view s) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-' || c == '+') return 62;
    if (c == '_' || c == '/') return 63;
    return -1;
  };
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  std::string out;
  unsigned buf = 0;
  int bits = 0;
  for (char c : s) {
    int v = val(c);
    if (v < 0) return std::nullopt;
    buf = (buf << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xff);
    }
  }
  return out;
}

namespace {
bool verify_rs256(const std::string& pem, std::string_view input, const std::string& sig) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr, EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!key || !ctx) return false;
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}
}  // namespace

std::optional<DecodedJwt> decode_and_verify(std::string_view jwt, const std::string& public_key_pem) {
  auto d1 = jwt.find('.');
  if (d1 == std::string_view::npos) return std::nullopt;
  auto d2 = jwt.find('.', d1 + 1);
  if (d2 == std::string_view::npos || jwt.find('.', d2 + 1) != std::string_view::npos) return std::nullopt;
  auto h = b64url_decode(jwt.substr(0, d1));
  auto c = b64url_decode(jwt.substr(d1 + 1, d2 - d1 - 1));
  auto s = b64url_decode(jwt.substr(d2 + 1));
  if (!h || !c || !s) return std::nullopt;
  DecodedJwt out;
  out.header = nlohmann::json::parse(*h, nullptr, false);
  out.claims = nlohmann::json::parse(*c, nullptr, false);
  if (!out.header.is_object() || !out.claims.is_object()) return std::nullopt;
  out.signature_ok = out.header.value("alg", std::string()) == "RS256" &&
                     verify_rs256(public_key_pem, jwt.substr(0, d2), *s);
  return out;
}

}  // namespace gpupool::sim::gke
