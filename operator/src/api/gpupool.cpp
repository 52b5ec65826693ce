#include "api/gpupool.h"

#include "api/decode.h"
#include "api/duration.h"

namespace gpupool::api {
namespace {

void decode_duration(Decoder& d, const json& obj, const std::string& path, const char* key,
                     std::chrono::milliseconds& out) {
  std::optional<std::string> s;
  d.field(obj, path, key, s);
  if (!s) return;
  auto v = parse_duration(*s);
  if (v) out = *v;
  else d.fail(join_path(path, key), "invalid duration \"" + *s + "\" (want e.g. \"5m\", \"1h30m\")");
}

void decode_taints(Decoder& d, const json& tmpl, const std::string& path, std::vector<Taint>& out) {
  const json* arr = d.array(tmpl, path, "taints");
  if (!arr) return;
  std::string p = join_path(path, "taints");
  for (std::size_t i = 0; i < arr->size() && d.ok(); ++i) {
    std::string ip = index_path(p, i);
    if (!(*arr)[i].is_object()) return d.fail(ip, "expected object, got " + Decoder::type_name((*arr)[i]));
    Taint t;
    d.field((*arr)[i], ip, "key", t.key);
    d.field((*arr)[i], ip, "value", t.value);
    d.field((*arr)[i], ip, "effect", t.effect);
    out.push_back(std::move(t));
  }
}

// cloudClusterRef is a LocalObjectReference ({name}); a bare string is accepted too.
void decode_ref(Decoder& d, const json& t, const std::string& path, std::string& out) {
  if (Decoder::present(t, "cloudClusterRef") && t["cloudClusterRef"].is_string()) {
    d.field(t, path, "cloudClusterRef", out);
    return;
  }
  if (const json* ref = d.object(t, path, "cloudClusterRef")) d.field(*ref, join_path(path, "cloudClusterRef"), "name", out);
}

// "^[0-9]+(\.[0-9]+)?$" without pulling in <regex>.
bool is_decimal(const std::string& s) {
  auto dot = s.find('.');
  auto digits = [](std::string_view v) {
    return !v.empty() && v.find_first_not_of("0123456789") == std::string_view::npos;
  };
  std::string_view v(s);
  return dot == std::string::npos ? digits(v) : digits(v.substr(0, dot)) && digits(v.substr(dot + 1));
}

void decode_price(Decoder& d, const json& t, const std::string& path, std::optional<std::string>& out) {
  d.field(t, path, "pricePerGPUHour", out);
  if (out && !is_decimal(*out))
    d.fail(join_path(path, "pricePerGPUHour"), "invalid decimal \"" + *out + "\" (want e.g. \"2.45\")");
}

PoolTarget decode_target(Decoder& d, const json& t, const std::string& p) {
  PoolTarget x;
  d.field(t, p, "name", x.name);
  decode_ref(d, t, p, x.cloud_cluster_ref);
  d.field(t, p, "machineType", x.machine_type);
  d.field(t, p, "gpusPerNode", x.gpus_per_node);
  d.field(t, p, "priority", x.priority);
  d.field(t, p, "weight", x.weight);
  d.min_field(t, p, "minNodes", x.min_nodes, 0);
  d.field(t, p, "maxNodes", x.max_nodes);
  if (x.max_nodes && *x.max_nodes < 0) d.fail(join_path(p, "maxNodes"), "must be >= 0, got " + std::to_string(*x.max_nodes));
  d.enum_field(t, p, "capacityType", x.capacity_type,
               {{"OnDemand", CapacityType::OnDemand}, {"Spot", CapacityType::Spot}, {"Reserved", CapacityType::Reserved}});
  d.field(t, p, "reservation", x.reservation);
  d.field(t, p, "zones", x.zones);
  d.field(t, p, "autoscaling", x.autoscaling);
  decode_price(d, t, p, x.price_per_gpu_hour);
  return x;
}

void decode_targets(Decoder& d, const json& spec, std::vector<PoolTarget>& out) {
  const json* arr = d.array(spec, "spec", "targets");
  if (!arr) return;
  for (std::size_t i = 0; i < arr->size() && d.ok(); ++i) {
    std::string p = index_path("spec.targets", i);
    if (!(*arr)[i].is_object()) return d.fail(p, "expected object, got " + Decoder::type_name((*arr)[i]));
    out.push_back(decode_target(d, (*arr)[i], p));
  }
}

void decode_spec(Decoder& d, const json& spec, GPUPoolSpec& s) {
  d.min_field(spec, "spec", "gpus", s.gpus, 0);
  d.field(spec, "spec", "gpuType", s.gpu_type);
  d.enum_field(spec, "spec", "strategy", s.strategy,
               {{"Priority", Strategy::Priority}, {"Spread", Strategy::Spread}, {"Cheapest", Strategy::Cheapest}});
  d.enum_field(spec, "spec", "mode", s.mode, {{"Apply", PoolMode::Apply}, {"Plan", PoolMode::Plan}});
  d.field(spec, "spec", "paused", s.paused);
  d.enum_field(spec, "spec", "deletionPolicy", s.deletion_policy,
               {{"Delete", DeletionPolicy::Delete}, {"Retain", DeletionPolicy::Retain}});
  if (const json* nt = d.object(spec, "spec", "nodeTemplate")) {
    d.field(*nt, "spec.nodeTemplate", "labels", s.node_template.labels);
    decode_taints(d, *nt, "spec.nodeTemplate", s.node_template.taints);
  }
  if (const json* f = d.object(spec, "spec", "failover")) {
    decode_duration(d, *f, "spec.failover", "initialBackoff", s.failover.initial_backoff);
    decode_duration(d, *f, "spec.failover", "maxBackoff", s.failover.max_backoff);
    decode_duration(d, *f, "spec.failover", "provisioningTimeout", s.failover.provisioning_timeout);
  }
  decode_targets(d, spec, s.targets);
}

}  // namespace

GPUPool GPUPool::from_json(const nlohmann::json& object) {
  GPUPool p;
  p.metadata = ObjectMeta::from_json(object);
  if (!object.is_object()) {
    p.decode_error = "expected object, got " + Decoder::type_name(object);
    return p;
  }
  Decoder d;
  if (const json* spec = d.object(object, "", "spec")) decode_spec(d, *spec, p.spec);
  if (!d.ok()) p.spec = GPUPoolSpec{};  // never act on a half-decoded spec
  p.decode_error = d.error();
  if (Decoder::present(object, "status")) p.status = GPUPoolStatus::from_json(object["status"]);
  return p;
}

}  // namespace gpupool::api
