#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>

#include "metrics/bind_address.h"
#include "metrics/health_server.h"
#include "metrics/metrics.h"
#include "metrics/metrics_server.h"

using namespace gpupool::metrics;

namespace {
// Minimal HTTP GET over loopback: returns the raw response.
std::string http_get(int port, const std::string& path) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) { ::close(fd); return ""; }
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  (void)!::send(fd, req.data(), req.size(), 0);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}
}  // namespace

TEST_CASE("bind addresses") {
  auto a = parse_bind_address(":8080");
  REQUIRE(a.has_value());
  CHECK(a->value().host == "");
  CHECK(a->value().port == 8080);
  CHECK(parse_bind_address("127.0.0.1:0")->value().host == "127.0.0.1");
  CHECK_FALSE(parse_bind_address("0")->has_value());
  for (const char* bad : {"8080", ":http", ":70000", ":", "x:-1"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_bind_address(bad).has_value());
  }
}

TEST_CASE("controller-runtime metric names") {
  Metrics m;
  m.observe_reconcile("cloudcluster", "success", 0.01);
  m.observe_reconcile("cloudcluster", "error", 0.02);
  m.set_queue_depth("cloudcluster", 3);
  m.inc_queue_adds("cloudcluster");
  m.observe_queue_duration("cloudcluster", 0.001);
  m.observe_work_duration("cloudcluster", 0.001);
  m.inc_queue_retries("cloudcluster");
  m.set_leader("gpupool-operator", true);
  m.set_cloudcluster_ready("ns", "c", "GKE", true);
  auto text = m.scrape();
  for (const char* want :
       {"controller_runtime_reconcile_total{controller=\"cloudcluster\",result=\"success\"} 1",
        "controller_runtime_reconcile_errors_total{controller=\"cloudcluster\"} 1",
        "controller_runtime_reconcile_time_seconds_bucket{controller=\"cloudcluster\",le=\"0.005\"} 0",
        "workqueue_depth{controller=\"cloudcluster\",name=\"cloudcluster\"} 3",
        "workqueue_adds_total", "workqueue_queue_duration_seconds_bucket", "workqueue_work_duration_seconds_count",
        "workqueue_retries_total", "leader_election_master_status{name=\"gpupool-operator\"} 1",
        "gpupool_cloudcluster_ready{name=\"c\",namespace=\"ns\",provider=\"GKE\"} 1",
        "process_resident_memory_bytes"}) {
    CAPTURE(want);
    CHECK(text.find(want) != std::string::npos);
  }
  m.set_cloudcluster_ready("ns", "c", "AKS", false);
  text = m.scrape();
  CHECK(text.find("provider=\"GKE\"") == std::string::npos);
  m.forget_cloudcluster("ns", "c");
  CHECK(m.scrape().find("gpupool_cloudcluster_ready{") == std::string::npos);
}

TEST_CASE("health server answers probes") {
  auto s = HealthServer::start({"127.0.0.1", 0});
  REQUIRE(s.has_value());
  std::atomic<bool> synced{false};
  (*s)->add_healthz_check("ping", [] { return true; });
  (*s)->add_readyz_check("informers-synced", [&] { return synced.load(); });
  int port = (*s)->port();
  CHECK(http_get(port, "/healthz").find("HTTP/1.1 200 OK") == 0);
  auto not_ready = http_get(port, "/readyz");
  CHECK(not_ready.find("HTTP/1.1 503") == 0);
  CHECK(not_ready.find("[-]informers-synced failed") != std::string::npos);
  synced = true;
  CHECK(http_get(port, "/readyz?verbose").find("HTTP/1.1 200 OK") == 0);
  CHECK(http_get(port, "/nope").find("HTTP/1.1 404") == 0);
}

TEST_CASE("health server reports a busy port") {
  auto a = HealthServer::start({"127.0.0.1", 0});
  REQUIRE(a.has_value());
  auto b = HealthServer::start({"127.0.0.1", (*a)->port()});
  REQUIRE_FALSE(b.has_value());
  CHECK(b.error().message.find("cannot listen on 127.0.0.1:") != std::string::npos);
}

TEST_CASE("metrics server serves /metrics") {
  Metrics m;
  m.set_leader("x", false);
  auto s = MetricsServer::start({"127.0.0.1", 0}, m);
  REQUIRE(s.has_value());
  REQUIRE((*s)->port() > 0);
  auto resp = http_get((*s)->port(), "/metrics");
  CHECK(resp.find("200 OK") != std::string::npos);
  CHECK(resp.find("leader_election_master_status{name=\"x\"} 0") != std::string::npos);
  auto busy = MetricsServer::start({"127.0.0.1", (*s)->port()}, m);
  CHECK_FALSE(busy.has_value());
}
