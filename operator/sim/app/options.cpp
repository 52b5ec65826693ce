#include "sim/app/options.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "sim/server/sim_log.h"

namespace gpupool::sim::app {
namespace {

std::optional<int> parse_int(const std::string& s, int min, int max) {
  int v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v < min || v > max) return std::nullopt;
  return v;
}

// Non-negative decimal seconds ("2", "0.5"). Must start with a digit or '.',
// and no hex, so signs, "inf", "nan" and "0x1p3" are rejected (strtod takes them).
std::optional<double> parse_seconds(const std::string& s, double max) {
  if (s.empty() || !(std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '.')) return std::nullopt;
  if (s.find_first_of("xX") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v) || v < 0 || v > max) return std::nullopt;
  return v;
}

ParseResult error(std::string msg) {
  ParseResult r;
  r.kind = ParseResult::Kind::Error;
  r.error = std::move(msg);
  return r;
}

}  // namespace

std::string usage() {
  return "usage: gpupool-sim --state-dir DIR [options]\n"
         "\n"
         "Serves a simulated Kubernetes API, the GKE/AKS/OKE/CoreWeave cloud APIs and an\n"
         "admin API for fault injection on 127.0.0.1. Writes DIR/endpoints.json, DIR/kubeconfig,\n"
         "DIR/ca.crt, per-cloud credentials and DIR/manifests/cloudclusters.yaml once every\n"
         "server listens. See docs/simulator.md.\n"
         "\n"
         "options:\n"
         "  --state-dir DIR            directory for endpoints.json, kubeconfig, ca.crt (required)\n"
         "  --port-base N              Kubernetes API on port N, admin N+1, GKE N+2, AKS N+3,\n"
         "                             OKE N+4, CoreWeave N+5 (default: free ports)\n"
         "  --plain-http               serve the Kubernetes API over plain HTTP (default: HTTPS)\n"
         "  --persist                  keep objects in DIR/kube-store and reuse CA, certificate,\n"
         "                             token and ports on restart\n"
         "  --bookmark-interval-ms N   watch BOOKMARK period (default 60000)\n"
         "  --provisioning-seconds N   how long simulated cloud nodes take to become ready (default 2)\n"
         "  --log-level LEVEL          debug | info | warn | error (default info)\n"
         "  -h, --help                 print this help\n";
}

ParseResult parse_args(const std::vector<std::string>& args) {
  ParseResult r;
  SimOptions& o = r.options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::optional<std::string> inline_value;
    if (auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      inline_value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
    }
    auto value = [&]() -> std::optional<std::string> {
      if (inline_value) return inline_value;
      if (i + 1 < args.size()) return args[++i];
      return std::nullopt;
    };
    auto no_value = [&] { return !inline_value; };

    if (flag == "-h" || flag == "--help") {
      r.kind = ParseResult::Kind::Help;
      return r;
    } else if (flag == "--plain-http" && no_value()) {
      o.plain_http = true;
    } else if (flag == "--persist" && no_value()) {
      o.persist = true;
    } else if (flag == "--state-dir") {
      auto v = value();
      if (!v || v->empty()) return error("--state-dir needs a directory");
      o.state_dir = *v;
    } else if (flag == "--port-base") {
      auto v = value();
      auto n = v ? parse_int(*v, 1, 65535 - kPortsUsed + 1) : std::nullopt;
      if (!n) return error("--port-base needs a port number between 1 and " + std::to_string(65535 - kPortsUsed + 1));
      o.port_base = *n;
    } else if (flag == "--bookmark-interval-ms") {
      auto v = value();
      auto n = v ? parse_int(*v, 1, 24 * 3600 * 1000) : std::nullopt;
      if (!n) return error("--bookmark-interval-ms needs a positive number of milliseconds");
      o.bookmark_interval_ms = *n;
    } else if (flag == "--provisioning-seconds") {
      auto v = value();
      auto n = v ? parse_seconds(*v, 24 * 3600) : std::nullopt;
      if (!n) return error("--provisioning-seconds needs a number of seconds between 0 and 86400");
      o.provisioning_seconds = *n;
    } else if (flag == "--log-level") {
      auto v = value();
      log::Level ignored;
      if (!v || !log::parse_level(*v, ignored)) return error("--log-level must be debug, info, warn or error");
      o.log_level = *v;
    } else if (flag == "--plain-http" || flag == "--persist") {
      return error(flag + " takes no value");
    } else {
      return error("unknown flag: " + args[i]);
    }
  }
  if (o.state_dir.empty()) return error("--state-dir is required");
  return r;
}

}  // namespace gpupool::sim::app
