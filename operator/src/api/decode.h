#pragma once
// Decoder: reads fields out of untrusted JSON without throwing. The first
// type or value error is kept with its JSON path ("spec.targets[1].priority:
// expected integer, got string"); later errors are ignored so the message
// names the first thing a user must fix. Absent or null fields leave the
// output untouched (defaults stay). Not thread-safe; one per decode.
#include <cstdint>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gpupool::api {

using json = nlohmann::json;

// "spec" + "gpus" -> "spec.gpus"; "" + "spec" -> "spec".
std::string join_path(const std::string& path, std::string_view key);
// "spec.targets" + 1 -> "spec.targets[1]".
std::string index_path(const std::string& path, std::size_t i);

class Decoder {
 public:
  bool ok() const { return !error_; }
  const std::optional<std::string>& error() const { return error_; }
  // Records "<path>: <what>" unless an earlier error is already recorded.
  void fail(const std::string& path, const std::string& what);

  // Child object/array at obj[key]; nullptr when absent/null or mistyped
  // (mistyped also records an error).
  const json* object(const json& obj, const std::string& path, std::string_view key);
  const json* array(const json& obj, const std::string& path, std::string_view key);

  void field(const json& obj, const std::string& path, std::string_view key, std::string& out);
  void field(const json& obj, const std::string& path, std::string_view key, bool& out);
  void field(const json& obj, const std::string& path, std::string_view key, long long& out);
  void field(const json& obj, const std::string& path, std::string_view key, int& out);
  void field(const json& obj, const std::string& path, std::string_view key, double& out);
  void field(const json& obj, const std::string& path, std::string_view key,
             std::map<std::string, std::string>& out);
  void field(const json& obj, const std::string& path, std::string_view key, std::vector<std::string>& out);
  template <typename T>
  void field(const json& obj, const std::string& path, std::string_view key, std::optional<T>& out) {
    if (!present(obj, key)) return;
    T v{};
    field(obj, path, key, v);
    if (ok()) out = std::move(v);
  }

  // String enum: value must be one of `names`; stores the matching value.
  template <typename E>
  void enum_field(const json& obj, const std::string& path, std::string_view key, E& out,
                  std::initializer_list<std::pair<std::string_view, E>> names) {
    std::optional<std::string> s;
    field(obj, path, key, s);
    if (!s) return;
    for (const auto& [n, v] : names)
      if (n == *s) { out = v; return; }
    std::string allowed;
    for (const auto& [n, v] : names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    fail(join_path(path, key), "unsupported value \"" + *s + "\": supported values: " + allowed);
  }

  // Integer that must be >= min.
  void min_field(const json& obj, const std::string& path, std::string_view key, int& out, int min);

  static bool present(const json& obj, std::string_view key);
  static std::string type_name(const json& v);

 private:
  std::optional<std::string> error_;
};

}  // namespace gpupool::api
