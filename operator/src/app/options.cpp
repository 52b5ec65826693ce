#include "app/options.h"

#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>

#include "api/duration.h"
#include "metrics/bind_address.h"

namespace gpupool::app {
namespace {

using Setter = std::function<std::optional<std::string>(Options&, const std::string&)>;  // error or nullopt

struct Flag {
  bool boolean = false;
  Setter set;
  const char* help;
};

Setter str(std::string Options::*field) {
  return [field](Options& o, const std::string& v) -> std::optional<std::string> { o.*field = v; return std::nullopt; };
}

Setter boolean(bool Options::*field) {
  return [field](Options& o, const std::string& v) -> std::optional<std::string> {
    if (v == "true" || v == "1") o.*field = true;
    else if (v == "false" || v == "0") o.*field = false;
    else return "expected true or false, got \"" + v + "\"";
    return std::nullopt;
  };
}

Setter duration(std::chrono::milliseconds Options::*field) {
  return [field](Options& o, const std::string& v) -> std::optional<std::string> {
    auto d = api::parse_duration(v);
    if (!d || d->count() <= 0) return "expected a positive duration like 15s, got \"" + v + "\"";
    o.*field = *d;
    return std::nullopt;
  };
}

std::optional<std::string> set_concurrency(Options& o, const std::string& v) {
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), o.concurrency);
  if (ec != std::errc() || p != v.data() + v.size() || o.concurrency < 1 || o.concurrency > 256)
    return "expected an integer between 1 and 256, got \"" + v + "\"";
  return std::nullopt;
}

std::optional<std::string> set_qps(Options& o, const std::string& v) {
  char* end = nullptr;
  o.kube_api_qps = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !(o.kube_api_qps > 0)) return "expected a positive number, got \"" + v + "\"";
  return std::nullopt;
}

std::optional<std::string> set_burst(Options& o, const std::string& v) {
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), o.kube_api_burst);
  if (ec != std::errc() || p != v.data() + v.size() || o.kube_api_burst < 1)
    return "expected a positive integer, got \"" + v + "\"";
  return std::nullopt;
}

std::optional<std::string> set_format(Options& o, const std::string& v) {
  if (!log::parse_format(v, o.log_format)) return "expected json or text, got \"" + v + "\"";
  return std::nullopt;
}

std::optional<std::string> set_level(Options& o, const std::string& v) {
  if (!log::parse_level(v, o.log_level)) return "expected debug, info, warn or error, got \"" + v + "\"";
  return std::nullopt;
}

const std::map<std::string, Flag>& flags() {
  static const std::map<std::string, Flag> f{
      {"kubeconfig", {false, str(&Options::kubeconfig), "Path to a kubeconfig (default: KUBECONFIG, in-cluster, ~/.kube/config)"}},
      {"context", {false, str(&Options::context), "kubeconfig context to use (default: current-context)"}},
      {"namespace", {false, str(&Options::watch_namespace), "Only watch this namespace (default: all namespaces)"}},
      {"metrics-bind-address", {false, str(&Options::metrics_bind_address), "Address for /metrics, e.g. :8080; 0 disables (default :8080)"}},
      {"health-probe-bind-address", {false, str(&Options::health_probe_bind_address), "Address for /healthz and /readyz; 0 disables (default :8081)"}},
      {"leader-elect", {true, boolean(&Options::leader_elect), "Enable leader election (one active replica)"}},
      {"leader-election-id", {false, str(&Options::leader_election_id), "Lease name (default gpupool-operator)"}},
      {"leader-election-namespace", {false, str(&Options::leader_election_namespace), "Lease namespace (default: in-cluster namespace or default)"}},
      {"leader-election-lease-duration", {false, duration(&Options::lease_duration), "Lease duration (default 15s)"}},
      {"leader-election-renew-deadline", {false, duration(&Options::renew_deadline), "Renew deadline (default 10s)"}},
      {"leader-election-retry-period", {false, duration(&Options::retry_period), "Retry period (default 2s)"}},
      {"kube-api-qps", {false, set_qps, "Client-side requests per second to the API server (default 20)"}},
      {"kube-api-burst", {false, set_burst, "Client-side request burst (default 30)"}},
      {"concurrency", {false, set_concurrency, "Concurrent reconciles per controller (default 4)"}},
      {"steady-resync", {false, duration(&Options::steady_resync), "How often a steady GPUPool re-reads its clouds; out-of-band changes are repaired within it (default 5m)"}},
      {"graceful-shutdown-timeout", {false, duration(&Options::graceful_shutdown_timeout), "Time to finish in-flight reconciles on SIGTERM (default 30s)"}},
      {"log-format", {false, set_format, "json or text (default json)"}},
      {"log-level", {false, set_level, "debug, info, warn or error (default info)"}},
      {"help", {true, boolean(&Options::help), "Show this help"}},
  };
  return f;
}

std::optional<std::string> check(const Options& o) {
  for (const auto& [flag, value] : {std::pair{"metrics-bind-address", o.metrics_bind_address},
                                    std::pair{"health-probe-bind-address", o.health_probe_bind_address}}) {
    auto a = metrics::parse_bind_address(value);
    if (!a) return std::string("--") + flag + ": " + a.error().message;
  }
  if (o.leader_election_id.empty()) return "--leader-election-id must not be empty";
  if (!(o.lease_duration > o.renew_deadline))
    return "--leader-election-lease-duration must be greater than --leader-election-renew-deadline";
  if (!(o.renew_deadline.count() > 1.2 * static_cast<double>(o.retry_period.count())))
    return "--leader-election-renew-deadline must be greater than 1.2 x --leader-election-retry-period";
  return std::nullopt;
}

}  // namespace

Result<Options> parse_options(const std::vector<std::string>& args) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (a.rfind("--", 0) == 0) a = a.substr(2);
    else if (a.rfind("-", 0) == 0 && a.size() > 1) a = a.substr(1);
    else return fail(ErrorCode::InvalidArgument, "unexpected argument \"" + args[i] + "\" (flags start with --)");
    if (a == "h") a = "help";
    auto eq = a.find('=');
    std::string name = a.substr(0, eq);
    auto it = flags().find(name);
    if (it == flags().end()) return fail(ErrorCode::InvalidArgument, "unknown flag --" + name);
    std::string value;
    if (eq != std::string::npos) value = a.substr(eq + 1);
    else if (it->second.boolean) value = "true";
    else if (i + 1 < args.size()) value = args[++i];
    else return fail(ErrorCode::InvalidArgument, "flag --" + name + " needs a value");
    if (auto err = it->second.set(o, value)) return fail(ErrorCode::InvalidArgument, "--" + name + ": " + *err);
  }
  if (auto err = check(o)) return fail(ErrorCode::InvalidArgument, *err);
  return o;
}

std::string usage() {
  std::string out = "Usage: gpupool-operator [flags]\n\nFlags:\n";
  for (const auto& [name, f] : flags()) {
    std::string left = "  --" + name + (f.boolean ? "" : " value");
    out += left + std::string(left.size() < 44 ? 44 - left.size() : 1, ' ') + f.help + "\n";
  }
  return out;
}

}  // namespace gpupool::app
