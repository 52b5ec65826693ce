#include "api/decode.h"

#include <cmath>
#include <limits>

namespace gpupool::api {

std::string join_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string index_path(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

void Decoder::fail(const std::string& path, const std::string& what) {
  if (!error_) error_ = path + ": " + what;
}

bool Decoder::present(const json& obj, std::string_view key) {
  if (!obj.is_object()) return false;
  auto it = obj.find(key);
  return it != obj.end() && !it->is_null();
}

// Kubernetes schema vocabulary rather than nlohmann's ("number" splits into
// integer/number so "expected integer, got number" reads right for 1.5).
std::string Decoder::type_name(const json& v) {
  if (v.is_number_integer()) return "integer";
  if (v.is_number_float()) return "number";
  return v.type_name();
}

const json* Decoder::object(const json& obj, const std::string& path, std::string_view key) {
  if (!present(obj, key)) return nullptr;
  const json& v = obj.find(key).value();
  if (v.is_object()) return &v;
  fail(join_path(path, key), "expected object, got " + type_name(v));
  return nullptr;
}

const json* Decoder::array(const json& obj, const std::string& path, std::string_view key) {
  if (!present(obj, key)) return nullptr;
  const json& v = obj.find(key).value();
  if (v.is_array()) return &v;
  fail(join_path(path, key), "expected array, got " + type_name(v));
  return nullptr;
}

void Decoder::field(const json& obj, const std::string& path, std::string_view key, std::string& out) {
  if (!present(obj, key)) return;
  const json& v = obj.find(key).value();
  if (v.is_string()) out = v.get<std::string>();
  else fail(join_path(path, key), "expected string, got " + type_name(v));
}

void Decoder::field(const json& obj, const std::string& path, std::string_view key, bool& out) {
  if (!present(obj, key)) return;
  const json& v = obj.find(key).value();
  if (v.is_boolean()) out = v.get<bool>();
  else fail(join_path(path, key), "expected boolean, got " + type_name(v));
}

// Integral floats (3.0) are accepted: some clients serialise all numbers as floats.
void Decoder::field(const json& obj, const std::string& path, std::string_view key, long long& out) {
  if (!present(obj, key)) return;
  const json& v = obj.find(key).value();
  if (v.is_number_unsigned() && v.get<unsigned long long>() > std::numeric_limits<long long>::max()) {
    fail(join_path(path, key), "integer out of range");
  } else if (v.is_number_integer()) {
    out = v.get<long long>();
  } else if (v.is_number_float() && std::trunc(v.get<double>()) == v.get<double>() &&
             std::fabs(v.get<double>()) < 9e15) {
    out = static_cast<long long>(v.get<double>());
  } else {
    fail(join_path(path, key), "expected integer, got " + type_name(v));
  }
}

void Decoder::field(const json& obj, const std::string& path, std::string_view key, int& out) {
  long long v = out;
  auto before = error_;
  field(obj, path, key, v);
  if (error_ != before) return;
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
    fail(join_path(path, key), "integer out of range: " + std::to_string(v));
  else
    out = static_cast<int>(v);
}

void Decoder::field(const json& obj, const std::string& path, std::string_view key, double& out) {
  if (!present(obj, key)) return;
  const json& v = obj.find(key).value();
  if (v.is_number()) out = v.get<double>();
  else fail(join_path(path, key), "expected number, got " + type_name(v));
}

void Decoder::field(const json& obj, const std::string& path, std::string_view key,
                    std::map<std::string, std::string>& out) {
  const json* m = object(obj, path, key);
  if (!m) return;
  std::string p = join_path(path, key);
  for (auto it = m->begin(); it != m->end(); ++it) {
    if (!it->is_string()) return fail(p + "." + it.key(), "expected string, got " + type_name(*it));
    out[it.key()] = it->get<std::string>();
  }
}

void Decoder::field(const json& obj, const std::string& path, std::string_view key,
                    std::vector<std::string>& out) {
  const json* a = array(obj, path, key);
  if (!a) return;
  std::string p = join_path(path, key);
  out.clear();
  for (std::size_t i = 0; i < a->size(); ++i) {
    const json& v = (*a)[i];
    if (!v.is_string()) return fail(index_path(p, i), "expected string, got " + type_name(v));
    out.push_back(v.get<std::string>());
  }
}

void Decoder::min_field(const json& obj, const std::string& path, std::string_view key, int& out, int min) {
  auto before = error_;
  field(obj, path, key, out);
  if (error_ == before && out < min)
    fail(join_path(path, key), "must be >= " + std::to_string(min) + ", got " + std::to_string(out));
}

}  // namespace gpupool::api
