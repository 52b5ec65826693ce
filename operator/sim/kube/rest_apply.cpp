// Rest: PATCH with application/apply-patch+yaml (simplified server-side apply).
#include <yaml-cpp/yaml.h>

#include <regex>

#include "sim/kube/apply.h"
#include "sim/kube/meta.h"
#include "sim/kube/rest.h"

namespace gpupool::sim::kube {

using json = nlohmann::json;

namespace {

json yaml_to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : n) o[kv.first.as<std::string>()] = yaml_to_json(kv.second);
      return o;
    }
    case YAML::NodeType::Sequence: {
      json a = json::array();
      for (const auto& e : n) a.push_back(yaml_to_json(e));
      return a;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      if (n.Tag() == "!") return s;  // quoted
      if (s == "true" || s == "True") return true;
      if (s == "false" || s == "False") return false;
      if (s == "null" || s == "~" || s.empty()) return nullptr;
      static const std::regex int_re("^[-+]?[0-9]+$"), float_re("^[-+]?([0-9]*\\.[0-9]+|[0-9]+\\.?[0-9]*)([eE][-+]?[0-9]+)?$");
      if (std::regex_match(s, int_re)) return std::stoll(s);
      if (std::regex_match(s, float_re)) return std::stod(s);
      return s;
    }
    default: return nullptr;
  }
}

json parse_apply_body(const std::string& body) {
  try {
    return json::parse(body);
  } catch (const json::exception&) {
  }
  try {
    return yaml_to_json(YAML::Load(body));
  } catch (const std::exception& e) {
    throw bad_request(std::string("error decoding YAML: ") + e.what());
  }
}

}  // namespace

HttpResponse Rest::apply(const Call& c) {
  json config = parse_apply_body(c.req.body);
  const auto& info = c.res->info;
  auto manager = c.req.param("fieldManager");
  if (!manager || manager->empty())
    throw invalid("PatchOptions", "meta.k8s.io", "",
                  json::array({{{"reason", "FieldValueRequired"}, {"message", "Required value: is required for apply patch"},
                                {"field", "fieldManager"}}}));
  if (!config.is_object()) throw bad_request("error decoding YAML: apply patch must be an object");
  std::string name = meta_string(config, "name");
  if (!name.empty() && name != c.name)
    throw bad_request("the name of the object (" + name + ") does not match the name on the URL (" + c.name + ")");
  json cfg = config;
  if (!cfg["metadata"].is_object()) cfg["metadata"] = json::object();
  cfg["metadata"]["name"] = c.name;
  cfg["metadata"].erase("resourceVersion");
  const StoredObject* old = s_.store->get(c.res->storage_key, c.key());
  StoredObject keep = old ? *old : StoredObject{};
  ApplyRequest ar;
  ar.live = keep.obj.get();
  ar.config = cfg;
  ar.manager = *manager;
  ar.force = c.req.param("force").value_or("false") == "true";
  ar.api_version = info.group_version();
  ar.subresource = c.sub;
  ar.target = c.target();
  json result = server_side_apply(ar);
  std::vector<std::string> warnings;
  if (!old) {
    if (c.sub == "status") throw not_found(c.target());
    Call cc{c.req, c.res, c.ns, "", ""};
    json out = commit_create(cc, std::move(result), warnings);
    return object_response(c, 201, out, warnings);
  }
  const json& o = *keep.obj;
  if (c.sub == "status") {
    json next = o;
    if (result.contains("status")) next["status"] = result["status"];
    next["metadata"]["managedFields"] = result["metadata"]["managedFields"];
    result = std::move(next);
  } else if (info.has_status) {
    if (o.contains("status")) result["status"] = o["status"];
    else result.erase("status");
  }
  json out = commit_update(c, keep, std::move(result), warnings);
  return object_response(c, 200, out, warnings);
}

}  // namespace gpupool::sim::kube
