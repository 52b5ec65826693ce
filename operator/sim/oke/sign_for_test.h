#pragma once
// Test-only: signs simulated requests the way the TypeScript OCI SDK does
// (x-date, "Content-Type Content-Length" mixed-case in headers=) or the Go
// SDK does (date, lowercase), so the simulator's tests need no operator code.
// Included only by *_test.cpp files.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <chrono>
#include <ctime>
#include <string>

#include "sim/server/http_types.h"
#include "sim/server/url_codec.h"

namespace gpupool::sim::oke::testsign {

inline std::string b64(const std::string& s) {
  std::string out(4 * ((s.size() + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(s.data()),
                  static_cast<int>(s.size()));
  return out;
}

inline std::string rsa_sign(const std::string& pem, const std::string& data) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t len = 0;
  EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
  EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  std::string sig(len, '\0');
  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                 reinterpret_cast<const unsigned char*>(data.data()), data.size());
  sig.resize(len);
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  BIO_free(bio);
  return b64(sig);
}

inline std::string date(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

struct Options {
  bool x_date = true;  // TypeScript SDK style
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  std::string host = "127.0.0.1:8443";
};

// A request as the server hands it to the handler: lower-case header names,
// decoded path, raw target kept.
inline HttpRequest make(const std::string& key_id, const std::string& pem, const std::string& method,
                        const std::string& raw_target, const std::string& body = "", Options o = {}) {
  HttpRequest r;
  r.method = method;
  r.raw_target = raw_target;
  auto q = raw_target.find('?');
  r.path = percent_decode(raw_target.substr(0, q), false);
  if (q != std::string::npos) r.query = parse_query(raw_target.substr(q + 1));
  r.body = body;
  std::string d = date(o.now);
  r.headers["host"] = o.host;
  r.headers["date"] = d;
  if (o.x_date) r.headers["x-date"] = d;
  std::string m = method;
  for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string names = std::string(o.x_date ? "x-date" : "date") + " (request-target) host";
  std::string text = (o.x_date ? "x-date: " : "date: ") + d + "\n(request-target): " + m + " " + raw_target +
                     "\nhost: " + o.host;
  if (method == "POST" || method == "PUT" || method == "PATCH") {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(body.data(), body.size(), md, &len, EVP_sha256(), nullptr);
    r.headers["content-type"] = "application/json";
    r.headers["content-length"] = std::to_string(body.size());
    r.headers["x-content-sha256"] = b64(std::string(reinterpret_cast<char*>(md), len));
    names += o.x_date ? " Content-Type Content-Length x-content-sha256" : " content-length content-type x-content-sha256";
    text += o.x_date ? "\ncontent-type: application/json\ncontent-length: " + std::to_string(body.size())
                     : "\ncontent-length: " + std::to_string(body.size()) + "\ncontent-type: application/json";
    text += "\nx-content-sha256: " + r.headers["x-content-sha256"];
  }
  r.headers["authorization"] = "Signature version=\"1\",keyId=\"" + key_id + "\",algorithm=\"rsa-sha256\",headers=\"" +
                               names + "\",signature=\"" + rsa_sign(pem, text) + "\"";
  return r;
}

}  // namespace gpupool::sim::oke::testsign
