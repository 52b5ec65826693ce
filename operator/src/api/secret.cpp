#include "api/secret.h"

#include "api/decode.h"

namespace gpupool::api {
namespace {

int b64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Standard base64 with padding, as the API server emits for Secret data.
std::optional<std::string> b64_decode(const std::string& in) {
  if (in.size() % 4 != 0) return std::nullopt;
  std::string out;
  unsigned buf = 0;
  int bits = 0;
  std::size_t pad = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=') { if (i + 2 < in.size()) return std::nullopt; ++pad; continue; }
    int v = b64_value(static_cast<unsigned char>(in[i]));
    if (v < 0 || pad) return std::nullopt;
    buf = (buf << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) { bits -= 8; out.push_back(static_cast<char>((buf >> bits) & 0xFF)); }
  }
  return out;
}

}  // namespace

Secret Secret::from_json(const nlohmann::json& object) {
  Secret s;
  s.metadata = ObjectMeta::from_json(object);
  Decoder d;
  d.field(object, "", "type", s.type);
  for (const char* field : {"data", "stringData"}) {
    const json* data = d.object(object, "", field);
    if (!data) continue;
    for (auto it = data->begin(); it != data->end(); ++it)
      if (it->is_string() && !it->get_ref<const std::string&>().empty()) s.keys.insert(it.key());
  }
  s.decode_error = d.error();
  return s;
}

Result<std::map<std::string, std::string>> decode_secret_values(const nlohmann::json& object) {
  std::map<std::string, std::string> out;
  if (!object.is_object()) return fail(ErrorCode::InvalidArgument, "secret: expected object");
  if (auto it = object.find("data"); it != object.end() && it->is_object()) {
    for (auto kv = it->begin(); kv != it->end(); ++kv) {
      auto v = kv->is_string() ? b64_decode(kv->get<std::string>()) : std::nullopt;
      if (!v) return fail(ErrorCode::InvalidArgument, "secret data key " + kv.key() + ": not valid base64");
      out[kv.key()] = std::move(*v);
    }
  }
  if (auto it = object.find("stringData"); it != object.end() && it->is_object())
    for (auto kv = it->begin(); kv != it->end(); ++kv)
      if (kv->is_string()) out[kv.key()] = kv->get<std::string>();
  return out;
}

}  // namespace gpupool::api
