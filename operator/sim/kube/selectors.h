#pragma once
// Label selectors (equality and set-based) and field selectors, parsed once
// per request and matched against stored objects. Parse errors throw ApiError
// (400 BadRequest) with kube-apiserver's wording.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gpupool::sim::kube {

class LabelSelector {
 public:
  LabelSelector() = default;
  static LabelSelector parse(const std::string& text);  // throws ApiError
  bool empty() const { return reqs_.empty(); }
  bool matches(const nlohmann::json& object) const;

 private:
  enum class Op { Eq, NotEq, In, NotIn, Exists, NotExists };
  struct Req {
    std::string key;
    Op op;
    std::vector<std::string> values;
  };
  std::vector<Req> reqs_;
};

class FieldSelector {
 public:
  // Returns the field's value as a string, or nullopt when unsupported for this resource.
  using Getter = std::function<std::optional<std::string>(const nlohmann::json& object, const std::string& field)>;

  FieldSelector() = default;
  // Parses `a=b,c!=d` (also `==`); each field must be accepted by `supported`,
  // else 400 `field label not supported: <label>`.
  static FieldSelector parse(const std::string& text, const std::function<bool(const std::string&)>& supported);
  bool empty() const { return reqs_.empty(); }
  bool matches(const nlohmann::json& object, const Getter& get) const;
  // The value required for `field` by an equality term, if any (fast paths).
  std::optional<std::string> required_value(const std::string& field) const;

 private:
  struct Req {
    std::string field;
    bool equal;
    std::string value;
  };
  std::vector<Req> reqs_;
};

}  // namespace gpupool::sim::kube
