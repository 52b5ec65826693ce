// CEL values and their JSON conversions.
#include <limits>

#include "sim/kube/schema/cel.h"
#include "sim/kube/schema/schema_util.h"

namespace gpupool::sim::kube::schema::cel {

Value Value::of_bool(bool v) {
  Value x;
  x.kind = Kind::Bool;
  x.b = v;
  return x;
}
Value Value::of_int(int64_t v) {
  Value x;
  x.kind = Kind::Int;
  x.i = v;
  return x;
}
Value Value::of_uint(uint64_t v) {
  Value x;
  x.kind = Kind::Uint;
  x.u = v;
  return x;
}
Value Value::of_double(double v) {
  Value x;
  x.kind = Kind::Double;
  x.d = v;
  return x;
}
Value Value::of_string(std::string v) {
  Value x;
  x.kind = Kind::String;
  x.s = std::move(v);
  return x;
}
Value Value::of_list(List v) {
  Value x;
  x.kind = Kind::List;
  x.list = std::make_shared<const List>(std::move(v));
  return x;
}
Value Value::of_map(Map v) {
  Value x;
  x.kind = Kind::Map;
  x.map = std::make_shared<const Map>(std::move(v));
  return x;
}

Value from_json(const json& v, const json* schema) {
  if (v.is_boolean()) return Value::of_bool(v.get<bool>());
  if (v.is_string()) return Value::of_string(v.get<std::string>());
  if (v.is_number_float()) return Value::of_double(v.get<double>());
  if (v.is_number()) {
    if (schema_type(schema) == "number") return Value::of_double(v.get<double>());
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Value::of_uint(v.get<uint64_t>());
    }
    return Value::of_int(v.get<int64_t>());
  }
  if (v.is_array()) {
    List out;
    const json* items = schema_sub(schema, "items");
    for (const auto& e : v) out.push_back(from_json(e, items));
    return Value::of_list(std::move(out));
  }
  if (v.is_object()) {
    Map out;
    for (const auto& [k, e] : v.items()) {
      const json* sub = schema_for_field(schema, k);
      if (e.is_null() && !schema_flag(sub, "nullable")) continue;  // null fields read as absent
      out.emplace(k, from_json(e, sub));
    }
    return Value::of_map(std::move(out));
  }
  return Value{};
}

json to_json(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null: return nullptr;
    case Value::Kind::Bool: return v.b;
    case Value::Kind::Int: return v.i;
    case Value::Kind::Uint: return v.u;
    case Value::Kind::Double: return v.d;
    case Value::Kind::String: return v.s;
    case Value::Kind::List: {
      json out = json::array();
      for (const auto& e : *v.list) out.push_back(to_json(e));
      return out;
    }
    case Value::Kind::Map: {
      json out = json::object();
      for (const auto& [k, e] : *v.map) out[k] = to_json(e);
      return out;
    }
  }
  return nullptr;
}

std::string type_name(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Null: return "null_type";
    case Value::Kind::Bool: return "bool";
    case Value::Kind::Int: return "int";
    case Value::Kind::Uint: return "uint";
    case Value::Kind::Double: return "double";
    case Value::Kind::String: return "string";
    case Value::Kind::List: return "list";
    case Value::Kind::Map: return "map";
  }
  return "unknown";
}

}  // namespace gpupool::sim::kube::schema::cel
