#include "sim/kube/protobuf.h"

#include <cstdint>
#include <functional>

#include "sim/kube/meta.h"

namespace gpupool::sim::kube {

using json = nlohmann::json;

namespace {

// One parsed field: number, wire type, and either a varint or bytes.
struct Field {
  int number;
  int wire;
  std::uint64_t varint = 0;
  std::string bytes;
};

class Reader {
 public:
  explicit Reader(const std::string& data) : d_(data) {}
  bool done() const { return pos_ >= d_.size(); }
  bool next(Field& f) {
    std::uint64_t key;
    if (!varint(key)) return false;
    f.number = static_cast<int>(key >> 3);
    f.wire = static_cast<int>(key & 7);
    switch (f.wire) {
      case 0: return varint(f.varint);
      case 1: return skip(8);
      case 5: return skip(4);
      case 2: {
        std::uint64_t len;
        if (!varint(len) || len > d_.size() - pos_) return false;
        f.bytes = d_.substr(pos_, len);
        pos_ += len;
        return true;
      }
      default: return false;
    }
  }

 private:
  bool varint(std::uint64_t& out) {
    out = 0;
    for (int shift = 0; shift < 64 && pos_ < d_.size(); shift += 7) {
      unsigned char b = static_cast<unsigned char>(d_[pos_++]);
      out |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  bool skip(std::size_t n) {
    if (n > d_.size() - pos_) return false;
    pos_ += n;
    return true;
  }
  const std::string& d_;
  std::size_t pos_ = 0;
};

// Calls `fn` for every field; false on malformed input.
bool each(const std::string& data, const std::function<bool(const Field&)>& fn) {
  Reader r(data);
  Field f;
  while (!r.done()) {
    if (!r.next(f) || !fn(f)) return false;
  }
  return true;
}

bool map_entry(const std::string& data, std::string& key, std::string& value) {
  return each(data, [&](const Field& f) {
    if (f.number == 1) key = f.bytes;
    if (f.number == 2) value = f.bytes;
    return true;
  });
}

bool add_map(json& target, const std::string& entry, bool base64) {
  std::string k, v;
  if (!map_entry(entry, k, v)) return false;
  target[k] = base64 ? base64_encode(v) : v;
  return true;
}

bool object_meta(const std::string& data, json& md) {
  md = json::object();
  return each(data, [&](const Field& f) {
    switch (f.number) {
      case 1: md["name"] = f.bytes; break;
      case 2: md["generateName"] = f.bytes; break;
      case 3: md["namespace"] = f.bytes; break;
      case 11: return add_map(md["labels"], f.bytes, false);
      case 12: return add_map(md["annotations"], f.bytes, false);
      case 14: md["finalizers"].push_back(f.bytes); break;
      default: break;  // server-owned or unused by creates
    }
    return true;
  });
}

bool local_object_refs(const std::string& data, json& list) {
  json ref = json::object();
  if (!each(data, [&](const Field& f) {
        if (f.number == 1) ref["name"] = f.bytes;
        return true;
      }))
    return false;
  list.push_back(ref);
  return true;
}

std::optional<json> decode_object(const std::string& kind, const std::string& raw) {
  json obj = json::object();
  bool ok = each(raw, [&](const Field& f) {
    if (f.number == 1) return object_meta(f.bytes, obj["metadata"]);
    if (kind == "ConfigMap") {
      if (f.number == 2) return add_map(obj["data"], f.bytes, false);
      if (f.number == 3) return add_map(obj["binaryData"], f.bytes, true);
      if (f.number == 4) obj["immutable"] = f.varint != 0;
    } else if (kind == "Secret") {
      if (f.number == 2) return add_map(obj["data"], f.bytes, true);
      if (f.number == 3) obj["type"] = f.bytes;
      if (f.number == 4) return add_map(obj["stringData"], f.bytes, false);
      if (f.number == 5) obj["immutable"] = f.varint != 0;
    } else if (kind == "Namespace") {
      if (f.number == 2)
        return each(f.bytes, [&](const Field& s) {
          if (s.number == 1) obj["spec"]["finalizers"].push_back(s.bytes);
          return true;
        });
    } else if (kind == "ServiceAccount") {
      if (f.number == 2) return local_object_refs(f.bytes, obj["secrets"]);
      if (f.number == 3) return local_object_refs(f.bytes, obj["imagePullSecrets"]);
      if (f.number == 4) obj["automountServiceAccountToken"] = f.varint != 0;
    }
    return true;
  });
  if (!ok) return std::nullopt;
  return obj;
}

}  // namespace

bool is_protobuf(const std::string& content_type) {
  return content_type.rfind("application/vnd.kubernetes.protobuf", 0) == 0;
}

std::optional<json> decode_k8s_protobuf(const std::string& body) {
  if (body.size() < 4 || body.compare(0, 4, std::string("k8s\0", 4)) != 0) return std::nullopt;
  std::string api_version, kind, raw;
  bool ok = each(body.substr(4), [&](const Field& f) {
    if (f.number == 1)
      return each(f.bytes, [&](const Field& t) {
        if (t.number == 1) api_version = t.bytes;
        if (t.number == 2) kind = t.bytes;
        return true;
      });
    if (f.number == 2) raw = f.bytes;
    return true;
  });
  if (!ok || api_version != "v1") return std::nullopt;
  if (kind != "ConfigMap" && kind != "Secret" && kind != "Namespace" && kind != "ServiceAccount") return std::nullopt;
  auto obj = decode_object(kind, raw);
  if (!obj) return std::nullopt;
  (*obj)["apiVersion"] = api_version;
  (*obj)["kind"] = kind;
  return obj;
}

}  // namespace gpupool::sim::kube
