#include "sim/oke/verifier.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace gpupool::sim::oke {

struct SignatureVerifier::Keys {
  std::map<std::string, std::shared_ptr<EVP_PKEY>> by_id;
};

namespace {
using Params = std::map<std::string, std::string>;

std::string to_lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// `Signature k1="v1",k2="v2"` -> {k1: v1, k2: v2}; nullopt when malformed.
std::optional<Params> parse_authorization(const std::string& value) {
  const std::string scheme = "signature ";
  if (to_lower(value.substr(0, scheme.size())) != scheme) return std::nullopt;
  Params out;
  std::size_t i = scheme.size();
  while (i < value.size()) {
    while (i < value.size() && (value[i] == ' ' || value[i] == ',')) ++i;
    if (i >= value.size()) break;
    auto eq = value.find('=', i);
    if (eq == std::string::npos || eq + 1 >= value.size() || value[eq + 1] != '"') return std::nullopt;
    auto close = value.find('"', eq + 2);
    if (close == std::string::npos) return std::nullopt;
    std::string name = to_lower(value.substr(i, eq - i));
    if (out.count(name)) return std::nullopt;  // a repeated parameter is ambiguous
    out[name] = value.substr(eq + 2, close - eq - 2);
    i = close + 1;
    if (i < value.size() && value[i] != ',' && value[i] != ' ') return std::nullopt;
  }
  return out;
}

std::optional<std::string> base64_decode(const std::string& in) {
  if (in.empty() || in.size() % 4 != 0) return std::nullopt;
  std::string out(in.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) return std::nullopt;
  std::size_t pad = in.back() == '=' ? (in[in.size() - 2] == '=' ? 2 : 1) : 0;
  out.resize(static_cast<std::size_t>(n) - pad);
  // Only the canonical encoding counts: no stray bits hiding a changed byte.
  std::string again(in.size(), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(again.data()), reinterpret_cast<const unsigned char*>(out.data()),
                  static_cast<int>(out.size()));
  if (again != in) return std::nullopt;
  return out;
}

std::string sha256_b64(const std::string& body) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(body.data(), body.size(), md, &len, EVP_sha256(), nullptr);
  std::string out(4 * ((len + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), md, static_cast<int>(len));
  return out;
}

std::optional<std::chrono::system_clock::time_point> parse_http_date(const std::string& s) {
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!end || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

bool rsa_sha256_ok(EVP_PKEY* key, const std::string& data, const std::string& sig) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> names;
  std::istringstream in(list);
  for (std::string n; in >> n;) names.push_back(to_lower(n));
  return names;
}

bool listed(const std::vector<std::string>& names, const std::string& n) {
  return std::find(names.begin(), names.end(), n) != names.end();
}

// Which headers must be signed, and does the request carry what it signed?
std::string missing_requirement(const SignedRequest& r, const std::vector<std::string>& names) {
  for (const char* n : {"(request-target)", "host"})
    if (!listed(names, n)) return std::string(n) + " is not signed";
  if (!listed(names, "date") && !listed(names, "x-date")) return "neither date nor x-date is signed";
  bool body = r.method == "POST" || r.method == "PUT" || r.method == "PATCH";
  if (body)
    for (const char* n : {"content-length", "content-type", "x-content-sha256"})
      if (!listed(names, n)) return std::string(n) + " is not signed";
  for (const auto& n : names)
    if (n != "(request-target)" && !r.headers.count(n)) return "signed header " + n + " is missing";
  if (body && r.headers.at("x-content-sha256") != sha256_b64(r.body)) return "x-content-sha256 does not match the body";
  if (body && r.headers.at("content-length") != std::to_string(r.body.size()))
    return "content-length does not match the body";
  return "";
}

std::string signing_string(const SignedRequest& r, const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) {
    if (!s.empty()) s += "\n";
    s += n + ": " + (n == "(request-target)" ? to_lower(r.method) + " " + r.raw_target : r.headers.at(n));
  }
  return s;
}
}  // namespace

SignatureVerifier::SignatureVerifier(std::chrono::seconds max_skew)
    : max_skew_(max_skew), keys_(std::make_unique<Keys>()) {}
SignatureVerifier::~SignatureVerifier() = default;

void SignatureVerifier::add_key(const std::string& key_id, const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  EVP_PKEY* k = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!k) throw std::invalid_argument("public key for " + key_id + " does not load");
  keys_->by_id[key_id] = std::shared_ptr<EVP_PKEY>(k, EVP_PKEY_free);
}

void SignatureVerifier::remove_key(const std::string& key_id) { keys_->by_id.erase(key_id); }

Verdict SignatureVerifier::verify(const SignedRequest& r, std::chrono::system_clock::time_point now) const {
  Verdict v;
  auto auth = r.headers.find("authorization");
  if (auth == r.headers.end()) return v.reason = "no Authorization header", v;
  auto p = parse_authorization(auth->second);
  if (!p) return v.reason = "Authorization is not a Signature header", v;
  v.key_id = (*p)["keyid"];
  if (p->count("version") && (*p)["version"] != "1") return v.reason = "unsupported signature version", v;
  if (to_lower((*p)["algorithm"]) != "rsa-sha256") return v.reason = "algorithm must be rsa-sha256", v;
  auto key = keys_->by_id.find(v.key_id);
  if (key == keys_->by_id.end()) return v.reason = "unknown keyId", v;
  auto names = split_names((*p)["headers"]);
  if (auto why = missing_requirement(r, names); !why.empty()) return v.reason = why, v;
  auto when = parse_http_date(r.headers.at(listed(names, "x-date") ? "x-date" : "date"));
  if (!when) return v.reason = "date is not an RFC 1123 GMT date", v;
  if (std::chrono::abs(now - *when) > max_skew_) return v.reason = "date is outside the allowed clock skew", v;
  auto sig = base64_decode((*p)["signature"]);
  if (!sig) return v.reason = "signature is not base64", v;
  if (!rsa_sha256_ok(key->second.get(), signing_string(r, names), *sig)) return v.reason = "signature mismatch", v;
  v.ok = true;
  return v;
}

}  // namespace gpupool::sim::oke
